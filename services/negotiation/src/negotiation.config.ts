import { z } from 'zod';

/** Negotiation's own environment (validated at boot with the base variables). */
export const negotiationConfigSchema = z.object({
  /** How often drafts past their review window are approved (every replica may sweep: SKIP LOCKED). */
  /** How often offers past respondBy are recorded expired (reads and commands treat them so at once). */
  OFFER_EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).max(86_400_000).default(30_000),
  DEEMED_APPROVAL_SWEEP_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
});
export type NegotiationConfig = z.infer<typeof negotiationConfigSchema>;
