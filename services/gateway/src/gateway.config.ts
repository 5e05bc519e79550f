import { z } from 'zod';
import { authConfigSchema } from './auth/auth.config.js';

export const gatewayConfigSchema = z
  .object({
    HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(1_000),
    /** Deadline of each section of a composed view (creator card, roster summary). */
    CARD_SECTION_TIMEOUT_MS: z.coerce.number().int().positive().default(1_000),
    /** The built web portal (`npm run build:portal`), served at `/` when it exists. */
    PORTAL_DIR: z.string().default('dist/portal'),
  })
  .extend(authConfigSchema.shape);
