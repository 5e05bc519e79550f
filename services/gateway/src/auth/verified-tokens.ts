import type { CryptoKey } from 'jose';
import type { AccessTokenClaims } from '#libs/contracts';
import { ExpiringMap } from './expiring-map.js';

/** A token whose signature and claims were checked, and the key that checked it. */
export interface VerifiedToken {
  claims: AccessTokenClaims;
  /** The key that verified it, and the kid it was found under. */
  key: CryptoKey;
  kid: string;
  /** The token's `exp`, seconds since the epoch. */
  exp: number;
}

/**
 * Access tokens already verified, so a client's next requests with the same token skip the
 * Ed25519 check (about 0.2 ms of CPU each against a few µs for a hit, `npm run bench:tokens`; a
 * portal page sends several requests with one token). Keyed by the whole token: two tokens share an entry only if they are
 * the same bytes, so a forged payload under a copied signature is a miss and is verified.
 *
 * An entry is good until the token expires (with the verifier's clock tolerance) or for `ttlMs`,
 * whichever is first; the verifier still checks on every use that the session is live and that
 * the key is still the one trusted under its kid. Bounded: past `capacity`, the oldest entry goes.
 */
export class VerifiedTokens {
  private readonly entries: ExpiringMap<VerifiedToken>;

  constructor(private readonly opts: { capacity: number; ttlMs: number; clockToleranceSeconds: number; now: () => number }) {
    this.entries = new ExpiringMap(opts.capacity, opts.now);
  }

  get(token: string): VerifiedToken | undefined {
    return this.entries.get(token);
  }

  set(token: string, verified: VerifiedToken): void {
    const expires = (verified.exp + this.opts.clockToleranceSeconds) * 1000;
    this.entries.set(token, verified, Math.min(this.opts.now() + this.opts.ttlMs, expires));
  }

  get size(): number {
    return this.entries.size;
  }
}
