import { z } from 'zod';

/** Notifications' own environment (validated at boot with the base variables). */
export const notificationsConfigSchema = z.object({});
export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
