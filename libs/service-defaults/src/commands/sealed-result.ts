import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Results stored under a client's idempotency key (the gateway's bucket, a service's
 * `processed_commands`) may hold tokens: a sign-up or login answers with a session. They are
 * kept sealed with a secret only the holder of the raw key can derive, so whoever reads the
 * store gets no usable secret. The raw key itself is never stored, only a keyed hash of it.
 */

/** HKDF-SHA-256 over the raw key; `salt` scopes it (caller, subject), `info` names the use. */
export function deriveResultSecret(idempotencyKey: string, salt: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, salt, info, 32));
}

/** HMAC-SHA-256 in hex: a value that can be compared without revealing (or testing) what was hashed. */
export function keyedHash(secret: Buffer, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM: `iv | tag | ciphertext`, in hex (an alphabet in which no token or JWT can appear). */
export function seal(secret: Buffer, value: unknown): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secret, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value ?? null), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('hex');
}

/** Opens what `seal` wrote; a wrong secret or altered bytes throw. */
export function open<T>(secret: Buffer, sealed: string): T {
  const raw = Buffer.from(sealed, 'hex');
  const decipher = createDecipheriv('aes-256-gcm', secret, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')) as T;
}
