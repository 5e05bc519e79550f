import { z } from 'zod';
import { WebhookSecretVault } from './webhook-secret.vault.js';

/** Webhooks' part of notifications' environment (docs/operations.md, "Configuration"). */
export const webhooksConfigFields = {
  /** Lets webhooks reach private, loopback and link-local addresses: local development and tests only. */
  WEBHOOKS_ALLOW_PRIVATE: z.stringbool().default(false),
  /** Keys sealing endpoint secrets at rest (`kid=<base64 32 bytes>`, comma-separated, the sealing key first). Unset: kept unsealed (development). */
  WEBHOOK_SECRET_KEYS: z
    .string()
    .optional()
    .superRefine((setting, ctx) => {
      try {
        WebhookSecretVault.fromSetting(setting);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  /** One attempt, from resolving the host to the answer's status line. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often each replica looks for due deliveries. */
  WEBHOOK_WORKER_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** The first retry's delay; each next one doubles (up to 4 h), with retries for 24 h. */
  WEBHOOK_RETRY_FIRST_DELAY_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  /** Failed attempts in a row, over at least WEBHOOK_DISABLE_AFTER_MS, that switch an endpoint off. */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(10_000).default(15),
  WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().min(0).max(30 * 86_400_000).default(86_400_000),
};
export type WebhooksConfig = z.infer<z.ZodObject<typeof webhooksConfigFields>>;
