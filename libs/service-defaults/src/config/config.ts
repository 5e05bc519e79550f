import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_EVENT_RETENTION_HOURS, parseVerifyKeys } from '#libs/messaging';

/** Thrown at boot so a misconfigured service stops at once and says which variable is wrong. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values never appear in an error message. */
const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL|DATABASE_URL|MIGRATION_URL/i;

const port = z.coerce.number().int().min(0).max(65535);
const millis = z.coerce.number().int().positive();

export const baseConfigSchema = z.object({
  NATS_URL: z
    .string()
    .regex(/^(nats|tls|ws|wss):\/\/\S+$/, 'must be a nats:// URL (comma-separate several servers)')
    .default('nats://127.0.0.1:4222'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/talent_portal'),
  /**
   * The schema owner, used only to migrate. When set, the service runs as DATABASE_URL's role,
   * which then owns nothing (it cannot drop a table's triggers); unset, one role does both.
   */
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')
    .optional(),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: millis.default(10_000),
  NATS_REQUEST_TIMEOUT_MS: millis.default(5_000),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** JetStream copies of each stream: 1 on a single server, 3 on a production cluster. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Storage of streams and buckets this service creates: `file` survives restarts; `memory` is for throwaway setups. */
  NATS_STREAM_STORAGE: z.enum(['file', 'memory']).default('file'),
  /** How long domain events stay on their stream (dead letters: three times as long). */
  EVENT_RETENTION_HOURS: z.coerce.number().int().min(1).default(DEFAULT_EVENT_RETENTION_HOURS),
  /** How long published outbox rows are kept for inspection before they are deleted. */
  OUTBOX_RETENTION_HOURS: z.coerce.number().int().min(1).default(168),
  /** This principal's NATS nkey seed (or NATS_CREDS: a file holding it, or a .creds file). */
  NATS_NKEY_SEED: z.string().regex(/^SU[A-Z2-7]+$/, 'must be a NATS user nkey seed (SU…)').optional(),
  NATS_CREDS: z.string().min(1).optional(),
  /** CA that signed the NATS server's certificate, for tls:// URLs. */
  NATS_CA: z.string().min(1).optional(),
  /** Ed25519 seed (base64url) that signs principals this process forwards. */
  PRINCIPAL_SIGNING_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url Ed25519 seed').optional(),
  /** `<signer>:<public key>` pairs whose signed principals this service accepts. */
  PRINCIPAL_VERIFY_KEYS: z
    .string()
    .refine((text) => {
      try {
        parseVerifyKeys(text);
        return true;
      } catch {
        return false;
      }
    }, 'must be comma-separated <signer>:<base64url Ed25519 public key> pairs')
    .optional(),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

export const portSchema = port;

/**
 * `<NAME>_FILE` names a file holding the value of `<NAME>` (mounted Secrets), unless `<NAME>`
 * itself is set.
 */
function withFileValues(env: Record<string, string>, keys: readonly string[]): Record<string, string> {
  const out = { ...env };
  for (const key of keys) {
    const file = env[`${key}_FILE`];
    if (out[key] === undefined && file) {
      try {
        out[key] = readFileSync(file, 'utf8').trim();
      } catch (err) {
        throw new ConfigError([`${key}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
      }
    }
  }
  return out;
}

/**
 * Reads and validates the environment. Empty strings count as unset so `FOO=` falls back
 * to the default instead of failing on an empty value.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
  const cleaned = withFileValues(set, Object.keys(schema.shape));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => {
        const key = i.path.join('.');
        const value = env[key];
        const shown = value === undefined ? '' : SECRET_NAME.test(key) ? ' (value hidden)' : ` (got "${value}")`;
        return `${key}: ${i.message}${shown}`;
      }),
    );
  }
  return result.data;
}
