import { AppError, emailSchema, handleSchema } from '#libs/contracts';

// The rules are the contracts' (one place); this module only normalizes.

/** Emails compare trimmed, NFC and lowercase: `Ada@Example.COM ` and `ada@example.com` are one account. */
export function normalizeEmail(raw: string): string {
  const email = raw.normalize('NFC').trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) {
    throw new AppError('validation', 'Invalid input', 'email is not a valid address', [{ path: 'email', message: 'Invalid email address' }]);
  }
  return email;
}

/** Handles are stored without the `@` and lowercase: `@Ada.Creates` and `ada.creates` are one creator. */
export function normalizeHandle(raw: string): string {
  const typed = raw.trim();
  const parsed = handleSchema.safeParse(typed);
  if (!parsed.success) {
    throw new AppError('validation', 'Invalid input', 'handle is not valid', [{ path: 'handle', message: parsed.error.issues[0]!.message }]);
  }
  return typed.replace(/^@/, '').toLowerCase();
}
