import { z } from 'zod';

const ms = (def: number) => z.coerce.number().int().min(0).max(3_600_000).default(def);

/** Gateway settings for authentication and authorization (merged into gatewayConfigSchema). */
export const authConfigSchema = z.object({
  /** Least time between two fetches of identity's key set caused by an unknown `kid`. */
  AUTH_KEYS_REFETCH_MIN_INTERVAL_MS: ms(5_000),
  /** Age after which the key set is fetched again in the background (drops retired keys). */
  AUTH_KEYS_MAX_AGE_MS: ms(300_000),
  /** How long a grant decision is cached; revocation events clear entries at once. */
  GRANT_CACHE_TTL_MS: ms(30_000),
  /**
   * How long a revoked session is remembered (and replayed from JetStream when a gateway
   * starts); must exceed identity's ACCESS_TOKEN_TTL_SECONDS.
   */
  AUTH_SESSION_REVOCATION_RETAIN_MS: z.coerce.number().int().min(60_000).max(86_400_000).default(3_600_000),
  /** Proxies in front of the gateway whose X-Forwarded-For is trusted for the client address (0 = none). */
  AUTH_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;
