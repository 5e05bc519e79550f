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

/** A handle in its stored form (the rule is the contracts' `handleSchema`); a 400 on `path` otherwise. */
export function normalizeHandle(raw: string, path = 'handle'): string {
  const parsed = handleSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('validation', 'Invalid input', `${path} is not valid`, [{ path, message: parsed.error.issues[0]?.message ?? 'Invalid handle' }]);
  }
  return parsed.data;
}
