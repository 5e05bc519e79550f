import { z } from 'zod';
import { AppError } from '#libs/contracts';

const EMAIL = z.email();
const HANDLE = /^[a-z0-9](?:[a-z0-9._]{0,28}[a-z0-9_])?$/;

/** Emails compare trimmed, NFC and lowercase: `Ada@Example.COM ` and `ada@example.com` are one account. */
export function normalizeEmail(raw: string): string {
  const email = raw.normalize('NFC').trim().toLowerCase();
  if (email.length > 254 || !EMAIL.safeParse(email).success) {
    throw new AppError('validation', 'Invalid input', 'email is not a valid address', [{ path: 'email', message: 'Invalid email address' }]);
  }
  return email;
}

/** Handles are TikTok-like: 1–30 of `a-z 0-9 . _`, not starting or ending with a dot; `@` and case ignored. */
export function normalizeHandle(raw: string): string {
  const handle = raw.trim().replace(/^@/, '').toLowerCase();
  if (!HANDLE.test(handle)) {
    throw new AppError('validation', 'Invalid input', 'handle is not valid', [
      { path: 'handle', message: 'Use 1-30 characters: letters, digits, "." and "_", not starting or ending with "."' },
    ]);
  }
  return handle;
}
