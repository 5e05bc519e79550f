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
 * older than AUTH_KEYS_MAX_AGE_MS, so a key retired by rotation stops verifying.
 */
@Injectable()
export class AccessTokenKeys {
  private keys = new Map<string, CryptoKey>();
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
    } else if (now - this.fetchedAt > this.config.AUTH_KEYS_MAX_AGE_MS) {
      void this.refresh(false).catch(() => undefined);
    }
    let key = this.keys.get(kid);
    if (!key && this.now() - this.attemptedAt >= this.config.AUTH_KEYS_REFETCH_MIN_INTERVAL_MS) {
      await this.refresh(false).catch(() => undefined);
      key = this.keys.get(kid);
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
    const next = new Map<string, CryptoKey>();
    for (const jwk of keys) {
      // The contract admits only OKP/Ed25519/EdDSA keys; import pins the algorithm too.
      next.set(jwk.kid, (await importJWK(jwk, ACCESS_TOKEN.algorithm)) as CryptoKey);
    }
    this.keys = next;
    this.fetchedAt = this.now();
    this.logger.debug({ kids: [...next.keys()] }, 'access token keys loaded');
  }
}
