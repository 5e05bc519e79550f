import { z } from 'zod';
import { webhooksConfigFields } from './webhooks/webhooks.config.js';

/** Notifications' own environment (validated at boot with the base variables). */
export const notificationsConfigSchema = z.object({ ...webhooksConfigFields });
export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
