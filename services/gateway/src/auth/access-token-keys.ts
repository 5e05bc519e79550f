import { Inject, Injectable } from '@nestjs/common';
import { importJWK, type CryptoKey } from 'jose';
import { ACCESS_TOKEN, AppError, identityContracts } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { AuthConfig } from './auth.config.js';

/**
 * Identity's public keys, fetched over NATS (`identity.keys.list.v1`) and cached. A token
 * naming an unknown `kid` triggers a fetch — at most one per AUTH_KEYS_REFETCH_MIN_INTERVAL_MS,
 * so random kids cannot hammer identity — and the set is refreshed in the background once
 * older than half of AUTH_KEYS_MAX_AGE_MS.
 *
 * During a rotation, identity replicas answer with different key sets (some have the new
 * key, some still only the old). Each fetch therefore adds to what is known instead of
 * replacing it, and a key is forgotten only once no answer has named it for
 * AUTH_KEYS_MAX_AGE_MS: the set does not flap between replicas, and a retired key still
 * stops verifying after that time.
 */
@Injectable()
export class AccessTokenKeys {
  private keys = new Map<string, { key: CryptoKey; x: string; seenAt: number }>();
  private fetchedAt = 0;
  private attemptedAt = 0;
  private inflight?: Promise<void>;

  constructor(
    @Inject(RequestClient) private readonly client: RequestClient,
    @Inject(SERVICE_CONFIG) private readonly config: AuthConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Time source; tests set their own so the refetch limit is checked without waiting. */
  now: () => number = Date.now;

  async keyFor(kid: string): Promise<CryptoKey | undefined> {
    const now = this.now();
    if (this.keys.size === 0) {
      await this.refresh(true); // nothing to verify with: must fetch (503 when identity is away)
    } else if (now - this.fetchedAt > this.config.AUTH_KEYS_MAX_AGE_MS / 2) {
      // Twice per max age, so one answer that lacks a key cannot age it out.
      void this.refresh(false).catch(() => undefined);
    }
    let key = this.keys.get(kid)?.key;
    if (!key && this.now() - this.attemptedAt >= this.config.AUTH_KEYS_REFETCH_MIN_INTERVAL_MS) {
      await this.refresh(false).catch(() => undefined);
      key = this.keys.get(kid)?.key;
    }
    return key;
  }

  /** Kids currently trusted (for tests and diagnostics). */
  knownKids(): string[] {
    return [...this.keys.keys()];
  }

  private refresh(required: boolean): Promise<void> {
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    return this.inflight.catch((err: unknown) => {
      if (required) throw err instanceof AppError && err.status >= 500 ? err : new AppError('unavailable', 'Service unavailable', 'Cannot verify tokens right now');
      throw err;
    });
  }

  private async fetch(): Promise<void> {
    this.attemptedAt = this.now();
    const { keys } = await this.client.request(identityContracts.keysList, {}, { timeoutMs: 2_000 });
    const now = this.now();
    const next = new Map([...this.keys].filter(([, k]) => now - k.seenAt <= this.config.AUTH_KEYS_MAX_AGE_MS));
    for (const jwk of keys) {
      // The contract admits only OKP/Ed25519/EdDSA keys; import pins the algorithm too.
      const known = next.get(jwk.kid);
      const key = known && known.x === jwk.x ? known.key : ((await importJWK(jwk, ACCESS_TOKEN.algorithm)) as CryptoKey);
      next.set(jwk.kid, { key, x: jwk.x, seenAt: now });
    }
    this.keys = next;
    this.fetchedAt = now;
    this.logger.debug({ kids: [...next.keys()] }, 'access token keys loaded');
  }
}
