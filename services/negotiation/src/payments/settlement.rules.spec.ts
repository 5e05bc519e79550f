import fc from 'fast-check';
import type { PaymentStatus, SettlementStage, Side } from '#libs/contracts';
import { DEFAULT_SETTLEMENT_TABLE, settle, settlementTableSchema, stageOf } from './settlement.rules.js';

const schedule = (...rows: [number, PaymentStatus][]) => rows.map(([amount, status], i) => ({ id: `p${i + 1}`, amount, status }));
const run = (initiator: Side, stage: SettlementStage, payments = schedule([30_000, 'paid'], [70_000, 'scheduled'])) =>
  settle({ price: 100_000, initiator, stage, table: DEFAULT_SETTLEMENT_TABLE, payments });

describe('settlement by stage and initiator (defaults)', () => {
  it('the stage follows the work: nothing submitted, something submitted, everything approved', () => {
    expect(stageOf('active', false)).toBe('before_submission');
    expect(stageOf('content_submitted', true)).toBe('after_submission');
    expect(stageOf('active', true)).toBe('after_submission');
    expect(stageOf('revisions_requested', true)).toBe('after_submission');
    expect(stageOf('approved', true)).toBe('after_approval');
  });

  it.each([
    ['brand', 'before_submission', 0],
    ['brand', 'after_submission', 10],
    ['brand', 'after_approval', 100],
    ['creator', 'before_submission', 0],
    ['creator', 'after_submission', 0],
    ['creator', 'after_approval', 100],
  ] as const)('cancelled by the %s side %s: %d %% owed', (initiator, stage, percent) => {
    const unpaid = schedule([30_000, 'due'], [70_000, 'scheduled']);
    const outcome = run(initiator, stage, unpaid);
    expect(outcome.percentOwed).toBe(percent);
    expect(outcome.owed).toBe(percent * 1000);
    const keptTotal = unpaid.filter((p) => outcome.kept.includes(p.id)).reduce((s, p) => s + p.amount, 0);
    expect(keptTotal + outcome.settlementAmount).toBe(outcome.owed);
    expect([...outcome.kept, ...outcome.voided].sort()).toEqual(['p1', 'p2']);
  });

  it('brand after a submission: the unpaid schedule is void and 10 % becomes one settlement payment', () => {
    expect(run('brand', 'after_submission', schedule([30_000, 'due'], [70_000, 'scheduled']))).toEqual({
      percentOwed: 10,
      owed: 10_000,
      paid: 0,
      refundDue: 0,
      kept: [],
      voided: ['p1', 'p2'],
      settlementAmount: 10_000,
    });
  });

  it('after approval everything stays owed: nothing is voided, nothing added', () => {
    expect(run('brand', 'after_approval')).toMatchObject({ owed: 100_000, paid: 30_000, kept: ['p2'], voided: [], settlementAmount: 0 });
  });

  it('keeps the outstanding payments that fit within what is owed, in schedule order', () => {
    const o = run('brand', 'after_submission', schedule([10_000, 'invoiced'], [90_000, 'scheduled']));
    expect(o).toMatchObject({ kept: ['p1'], voided: ['p2'], settlementAmount: 0 });
  });

  it('what was paid beyond what is owed is a refund due; paid payments are never voided', () => {
    expect(run('creator', 'before_submission')).toMatchObject({ owed: 0, paid: 30_000, refundDue: 30_000, kept: [], voided: ['p2'], settlementAmount: 0 });
  });

  it('a deployment may set its own table (validated)', () => {
    const table = settlementTableSchema.parse({ brand: { before_submission: 5, after_submission: 50, after_approval: 100 }, creator: { before_submission: 0, after_submission: 20, after_approval: 100 } });
    expect(settle({ price: 1_000, initiator: 'creator', stage: 'after_submission', table, payments: schedule([1_000, 'scheduled']) })).toMatchObject({ owed: 200, voided: ['p1'], settlementAmount: 200 });
    expect(settlementTableSchema.safeParse({ brand: { before_submission: 101, after_submission: 0, after_approval: 0 }, creator: DEFAULT_SETTLEMENT_TABLE.creator }).success).toBe(false);
  });

  it('property: paid + kept + settlement = owed whenever nothing is to be refunded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom<PaymentStatus>('scheduled', 'due', 'invoiced', 'paid', 'overdue', 'disputed')), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<Side>('brand', 'creator'),
        fc.constantFrom<SettlementStage>('before_submission', 'after_submission', 'after_approval'),
        (rows, initiator, stage) => {
          const payments = schedule(...rows);
          const price = rows.reduce((s, [a]) => s + a, 0);
          const o = settle({ price, initiator, stage, table: DEFAULT_SETTLEMENT_TABLE, payments });
          const kept = payments.filter((p) => o.kept.includes(p.id)).reduce((s, p) => s + p.amount, 0);
          if (o.refundDue === 0) expect(o.paid + kept + o.settlementAmount).toBe(o.owed);
          else expect(kept + o.settlementAmount).toBe(0);
        },
      ),
    );
  });
});
