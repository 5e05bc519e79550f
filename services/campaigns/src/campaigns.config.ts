import { z } from 'zod';
import type { BaseConfig } from '#libs/service-defaults';

export const campaignsConfigSchema = z.object({
  /** How often offers past their respond-by date are recorded as expired (reads show it at once). */
  OFFER_EXPIRY_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
});
export type CampaignsConfig = BaseConfig & z.infer<typeof campaignsConfigSchema>;
