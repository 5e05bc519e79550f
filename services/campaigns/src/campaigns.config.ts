import { z } from 'zod';
import type { BaseConfig } from '#libs/service-defaults';

/** Campaigns needs nothing beyond the base variables. */
export const campaignsConfigSchema = z.object({});
export type CampaignsConfig = BaseConfig & z.infer<typeof campaignsConfigSchema>;
