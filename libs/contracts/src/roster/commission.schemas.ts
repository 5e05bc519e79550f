import { z } from 'zod';
import { isoTime } from '../common/time.js';

/** A percent with at most two decimals (basis points), 0–100. */
export const percentSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((n) => Number.isInteger(Math.round(n * 100)) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-9, 'At most two decimals');

/**
 * An agency's commission on one roster creator's payments, and how it is shared among the
 * agency's members (each a percent of the commission; together at most 100, the agency keeps
 * the rest). Versioned like rate cards: every write names the version it replaces.
 */
export const commissionSplitsSchema = z
  .array(z.object({ userId: z.uuid(), percent: percentSchema }).strict())
  .max(20)
  .refine((s) => new Set(s.map((x) => x.userId)).size === s.length, 'One share per member')
  .refine((s) => s.reduce((sum, x) => sum + Math.round(x.percent * 100), 0) <= 10_000, 'The shares add up to more than 100 % of the commission');

export const commissionSchema = z.object({
  creatorId: z.uuid(),
  agencyId: z.uuid(),
  percent: z.number(),
  splits: z.array(z.object({ userId: z.uuid(), percent: z.number() })),
  /** 0: never set (no commission). */
  version: z.number().int().nonnegative(),
  updatedAt: isoTime.nullable(),
  updatedBy: z.uuid().nullable(),
});
export type CommissionView = z.infer<typeof commissionSchema>;

export const commissionChangeSchema = z.object({
  version: z.number().int().positive(),
  percent: z.number(),
  splits: z.array(z.object({ userId: z.uuid(), percent: z.number() })),
  changedAt: isoTime,
  changedBy: z.uuid(),
});
