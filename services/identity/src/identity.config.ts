import { z } from 'zod';

const count = (def: number) => z.coerce.number().int().min(1).max(1_000_000).default(def);

/**
 * Identity's own environment (validated at boot with the base variables). JWT_PRIVATE_KEYS
 * is only checked for presence here and parsed by SigningKeys, so a malformed secret is
 * never echoed into an error message or a log line.
 */
export const identityConfigSchema = z.object({
  /** JSON array of private Ed25519 JWKs (`kty: OKP`, `crv: Ed25519`, `d`, `x`, `kid`); the first signs. */
  JWT_PRIVATE_KEYS: z.string().optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(600),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).max(90 * 24 * 3600).default(30 * 24 * 3600),
  /** log2 of scrypt's N; 15 (the minimum) costs ~60 ms per check on one core. */
  PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(15).max(20).default(15),
  LOGIN_MAX_PER_IP: count(30),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: count(10),
  SIGNUP_MAX_PER_IP: count(20),
  SIGNUP_MAX_PER_ACCOUNT: count(5),
  GRANT_EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** Comma-separated emails of the platform operators who may issue and revoke API keys. */
  PLATFORM_ADMINS: z.string().default(''),
});
export type IdentityConfig = z.infer<typeof identityConfigSchema>;

/** Windows of the rate limits above. */
export const RATE_WINDOWS = {
  loginPerIp: 60,
  loginFailuresPerAccount: 15 * 60,
  signupPerIp: 60 * 60,
  signupPerAccount: 60 * 60,
} as const;
