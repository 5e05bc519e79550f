import { createHash } from 'node:crypto';
import { deriveResultSecret, keyedHash } from '#libs/service-defaults';

export { open, seal } from '#libs/service-defaults';

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Where a key's first result is stored: keys are private to the caller who sent them. A
 * result is only ever replayed for an identical request, so an anonymous caller (sign-up,
 * login) who guesses another visitor's key learns nothing without also sending their body.
 */
export function recordKey(scope: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${scope}\n${idempotencyKey}`).digest('hex');
}

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The secret that only the holder of the client's Idempotency-Key can compute (HKDF over the
 * key, salted with the caller's scope). The bucket stores results sealed with it and request
 * fingerprints keyed by it, so neither tokens in a stored login nor a hash of its password
 * can be read or tested by whoever can read the bucket.
 */
export function recordSecret(scope: string, idempotencyKey: string): Buffer {
  return deriveResultSecret(idempotencyKey, scope, 'talent-portal/gateway-idempotency/v1');
}

export function fingerprint(secret: Buffer, method: string, path: string, body: unknown): string {
  return keyedHash(secret, `${method} ${path}\n${canonicalJson(body)}`);
}
