import { z } from 'zod';
import { webhooksConfigFields } from './webhooks/webhooks.config.js';

const every = (def: number) => z.coerce.number().int().min(100).max(86_400_000).default(def);

/** Notifications' own environment (validated at boot with the base variables). */
export const notificationsConfigSchema = z.object({
  /** The SMTP server mail goes through (`smtp://user:pass@host:port`, `smtps://…`). Unset: no mail is sent; it waits. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Sender of every mail. */
  MAIL_FROM: z.string().min(3).default('Talent Portal <notifications@talent-portal.local>'),
  /** Where the portal is, for the links in mails. */
  PORTAL_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  /** How often instant mail waiting to be sent is picked up. */
  MAIL_SEND_MS: every(2_000),
  /** How often digests are sent (each holds what waited since the last one). */
  DIGEST_MS: every(3_600_000),
  /** How often deadlines are checked for reminders due. */
  DEADLINE_SWEEP_MS: every(60_000),
  ...webhooksConfigFields,
});
export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
