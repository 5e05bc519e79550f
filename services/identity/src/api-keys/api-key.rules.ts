import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PATTERN } from '#libs/contracts';

/**
 * API keys read `tpk_<id>.<secret>`: the id finds the row, the secret (32 random bytes,
 * base64url) proves possession. Only a SHA-256 of the secret is stored — with 256 bits of
 * entropy a slow hash adds nothing — and it is compared in constant time.
 */
export function generateApiKey(id: string): { key: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { key: `tpk_${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function parseApiKey(key: string): { id: string; secret: string } | null {
  if (!API_KEY_PATTERN.test(key)) return null;
  const [id, secret] = key.slice(4).split('.') as [string, string];
  return { id, secret };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Platform operators are named by email in PLATFORM_ADMINS (comma-separated, any case). */
export function isPlatformAdmin(email: string, admins: string): boolean {
  const wanted = email.trim().toLowerCase();
  return admins
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .some((a) => a.length > 0 && a === wanted);
}
