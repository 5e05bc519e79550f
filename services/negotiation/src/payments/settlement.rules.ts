import { z } from 'zod';
import { percentShare, type PaymentStatus, type SettlementStage, type Side, type WorkStatus } from '#libs/contracts';
import { isOutstanding } from './payment.state-machine.js';

/**
 * What a cancellation by agreement leaves owed to the creator side: a percent of the price by
 * the stage the work reached and the side that asked. The defaults are TikTok One's rule —
 * the brand cancelling before any submission owes nothing, after a submission and before
 * approval 10 %, after approval all of it; the creator side cancelling before approval is owed
 * nothing (after approval, all of it: the work was accepted). A deployment may set its own
 * table (`CANCELLATION_SETTLEMENT`).
 */
export type SettlementTable = Record<Side, Record<SettlementStage, number>>;

const percent = z.number().min(0).max(100);
const row = z.object({ before_submission: percent, after_submission: percent, after_approval: percent }).strict();
export const settlementTableSchema = z.object({ brand: row, creator: row }).strict();

export const DEFAULT_SETTLEMENT_TABLE: SettlementTable = {
  brand: { before_submission: 0, after_submission: 10, after_approval: 100 },
  creator: { before_submission: 0, after_submission: 0, after_approval: 100 },
};

/**
 * The stage the work reached: approved once every deliverable is (`workStatus` approved);
 * after a submission once any draft was submitted, approved in part or not.
 */
export function stageOf(workStatus: WorkStatus | null, anySubmission: boolean): SettlementStage {
  if (workStatus === 'approved' || workStatus === 'completed') return 'after_approval';
  return anySubmission ? 'after_submission' : 'before_submission';
}

export interface SettlementInput {
  price: number;
  initiator: Side;
  stage: SettlementStage;
  table: SettlementTable;
  /** The schedule in order (`seq`). */
  payments: readonly { id: string; amount: number; status: PaymentStatus }[];
}

export interface SettlementOutcome {
  percentOwed: number;
  /** Owed in all, rounded down to the minor unit (`percentShare`). */
  owed: number;
  paid: number;
  /** Paid beyond what is owed. */
  refundDue: number;
  /** Outstanding payments that stay owed, in schedule order. */
  kept: string[];
  voided: string[];
  /** Owed beyond what was paid and kept: one more payment of this amount (0: none). */
  settlementAmount: number;
}

/**
 * Which payments stay and which become void. Paid payments stay paid. Outstanding ones are
 * kept in schedule order while they fit within what is owed; the rest become void, and what is
 * owed beyond the paid and kept ones becomes one settlement payment. So paid + kept +
 * settlement = owed whenever owed ≥ paid (otherwise `refundDue` is the excess).
 */
export function settle(input: SettlementInput): SettlementOutcome {
  const percentOwed = input.table[input.initiator][input.stage];
  const owed = percentShare(input.price, percentOwed);
  const paid = input.payments.filter((p) => p.status === 'paid').reduce((sum, p) => sum + p.amount, 0);
  const kept: string[] = [];
  const voided: string[] = [];
  let covered = paid;
  for (const p of input.payments) {
    if (!isOutstanding(p.status)) continue;
    if (covered + p.amount <= owed) {
      kept.push(p.id);
      covered += p.amount;
    } else {
      voided.push(p.id);
    }
  }
  return { percentOwed, owed, paid, refundDue: Math.max(0, paid - owed), kept, voided, settlementAmount: Math.max(0, owed - covered) };
}
