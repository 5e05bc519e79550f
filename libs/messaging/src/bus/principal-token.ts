import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { AppError, principalSchema, type Principal, type ServiceName } from '#libs/contracts';

/**
 * The principal travels in the `tp-principal` header as a compact signed token, never as
 * plain JSON: `<base64url(claims)>.<base64url(Ed25519 signature of the first part)>`. The
 * claims bind the principal to one subject, one request id and an expiry of a few seconds, and
 * name the signing key, so a header lifted from the bus is useless for another subject, later,
 * or twice.
 */
export interface PrincipalClaims {
  /** Signing key id: the base64url raw public key. */
  kid: string;
  sub: string;
  rid: string | null;
  /** Expiry, milliseconds since the epoch. */
  exp: number;
  /** One-time id: the same token is accepted once. */
  jti: string;
  p: Principal;
}

export const PRINCIPAL_TOKEN_TTL_MS = 10_000;

// Ed25519 PKCS#8 DER is this fixed prefix followed by the 32-byte seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function privateKeyFromSeed(seed: string): KeyObject {
  const raw = Buffer.from(seed, 'base64url');
  if (raw.length !== 32) throw new Error('principal signing key must be a base64url Ed25519 seed of 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

function publicKeyFromRaw(key: string): KeyObject {
  const raw = Buffer.from(key, 'base64url');
  if (raw.length !== 32) throw new Error(`principal verify key "${key}" is not a base64url Ed25519 public key`);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** A fresh signing key: `seed` is secret (PRINCIPAL_SIGNING_KEY), `publicKey` goes to verifiers. */
export function generatePrincipalKey(): { seed: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { seed: privateKey.export({ format: 'jwk' }).d!, publicKey: publicKey.export({ format: 'jwk' }).x! };
}

export function principalPublicKeyOf(seed: string): string {
  return createPublicKey(privateKeyFromSeed(seed)).export({ format: 'jwk' }).x!;
}

export class PrincipalSigner {
  private readonly key: KeyObject;
  readonly kid: string;

  constructor(
    seed: string,
    private readonly ttlMs = PRINCIPAL_TOKEN_TTL_MS,
  ) {
    this.key = privateKeyFromSeed(seed);
    this.kid = createPublicKey(this.key).export({ format: 'jwk' }).x!;
  }

  sign(principal: Principal, subject: string, requestId: string | null = null, now = Date.now()): string {
    const claims: PrincipalClaims = { kid: this.kid, sub: subject, rid: requestId, exp: now + this.ttlMs, jti: randomUUID(), p: principal };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${sign(null, Buffer.from(body), this.key).toString('base64url')}`;
  }
}

/** `<signer>:<publicKey>` pairs, comma-separated (PRINCIPAL_VERIFY_KEYS), into key id → signer. */
export function parseVerifyKeys(text: string | undefined): Map<string, ServiceName> {
  const keys = new Map<string, ServiceName>();
  for (const entry of (text ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [signer, key] = entry.split(':');
    if (!signer || !key) throw new Error(`PRINCIPAL_VERIFY_KEYS entry "${entry}" must read <signer>:<public key>`);
    publicKeyFromRaw(key);
    keys.set(key, signer as ServiceName);
  }
  return keys;
}

export function formatVerifyKeys(keys: Iterable<[ServiceName, string]>): string {
  return [...keys].map(([signer, key]) => `${signer}:${key}`).join(',');
}

const refuse = (detail: string) => new AppError('unauthenticated', 'Invalid principal', detail);

/**
 * Checks a principal token before any handler sees it: known key, signed by a principal the
 * subject's contract names as a caller, for this subject, not expired, not seen before.
 */
export class PrincipalVerifier {
  private readonly keys = new Map<string, { signer: ServiceName; key: KeyObject }>();
  /** jti → expiry of tokens already accepted; pruned as they expire. */
  private readonly seen = new Map<string, number>();
  private nextPrune = 0;

  constructor(keys: ReadonlyMap<string, ServiceName>) {
    for (const [kid, signer] of keys) this.keys.set(kid, { signer, key: publicKeyFromRaw(kid) });
  }

  get size(): number {
    return this.keys.size;
  }

  verify(token: string, subject: string, callers: readonly ServiceName[], now = Date.now()): Principal {
    const dot = token.indexOf('.');
    if (dot <= 0) throw refuse('principal is not signed');
    const body = token.slice(0, dot);
    let claims: PrincipalClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PrincipalClaims;
    } catch {
      throw refuse('principal token is unreadable');
    }
    const known = typeof claims?.kid === 'string' ? this.keys.get(claims.kid) : undefined;
    if (!known) throw refuse('principal signed by an unknown key');
    if (!verify(null, Buffer.from(body), known.key, Buffer.from(token.slice(dot + 1), 'base64url'))) {
      throw refuse('principal signature does not match');
    }
    if (!callers.includes(known.signer)) throw refuse(`${known.signer} may not call ${subject}`);
    if (claims.sub !== subject) throw refuse('principal was signed for another subject');
    if (typeof claims.exp !== 'number' || claims.exp <= now) throw refuse('principal token expired');
    if (typeof claims.jti !== 'string' || this.seen.has(claims.jti)) throw refuse('principal token was already used');
    const principal = principalSchema.safeParse(claims.p);
    if (!principal.success) throw refuse('principal failed validation');
    this.remember(claims.jti, claims.exp, now);
    return principal.data;
  }

  private remember(jti: string, exp: number, now: number) {
    this.seen.set(jti, exp);
    if (now < this.nextPrune) return;
    this.nextPrune = now + 1_000;
    // Insertion order is nearly expiry order (one TTL for all), so stop at the first live one.
    for (const [id, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(id);
    }
  }
}
