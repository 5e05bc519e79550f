import { z } from 'zod';
import { authConfigSchema } from './auth/auth.config.js';

export const gatewayConfigSchema = z
  .object({
    HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(1_000),
    /** Deadline of each section of a composed view (creator card, roster summary). */
    CARD_SECTION_TIMEOUT_MS: z.coerce.number().int().positive().default(1_000),
    /** The built web portal (`npm run build:portal`), served at `/` when it exists. */
    PORTAL_DIR: z.string().default('dist/portal'),
    /** Where people open the portal: the base of share links' URLs. */
    PORTAL_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
    /** Reads of shared reports per client address per minute (each gateway replica counts its own). */
    SHARED_REPORT_MAX_PER_MINUTE: z.coerce.number().int().positive().default(60),
  })
  .extend(authConfigSchema.shape);
