import { z } from 'zod';
import { DEFAULT_SETTLEMENT_TABLE, settlementTableSchema } from './payments/settlement.rules.js';

/** Negotiation's own environment (validated at boot with the base variables). */
export const negotiationConfigSchema = z.object({
  /** How often offers past respondBy are recorded expired (reads and commands treat them so at once). */
  OFFER_EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).max(86_400_000).default(30_000),
  /** How often drafts past their review window are approved (every replica may sweep: SKIP LOCKED). */
  DEEMED_APPROVAL_SWEEP_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** How often payments past their due date are marked overdue (every replica may sweep: SKIP LOCKED). */
  PAYMENT_OVERDUE_SWEEP_MS: z.coerce.number().int().min(100).max(86_400_000).default(300_000),
  /**
   * The cancellation settlement table as JSON, percent of the price owed to the creator side by
   * the side that asked and the stage: `{"brand":{"before_submission":0,"after_submission":10,
   * "after_approval":100},"creator":{...}}` (the defaults, docs/payments.md).
   */
  CANCELLATION_SETTLEMENT: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return DEFAULT_SETTLEMENT_TABLE;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
      const table = settlementTableSchema.safeParse(json);
      if (!table.success) {
        ctx.addIssue({ code: 'custom', message: table.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        return z.NEVER;
      }
      return table.data;
    }),
});
export type NegotiationConfig = z.infer<typeof negotiationConfigSchema>;
