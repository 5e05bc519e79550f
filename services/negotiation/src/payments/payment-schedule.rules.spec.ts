import fc from 'fast-check';
import { percentShare, termsSchema, type Terms, type TermsInput } from '#libs/contracts';
import { dueAfter, isTriggeredBy, occurrencesOfApproval, paymentSchedule } from './payment-schedule.rules.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });
function terms(price: number, paymentTerms: TermsInput['paymentTerms'], deliverables: TermsInput['deliverables'] = [{ type: 'video', quantity: 1, dueAt: '2027-01-10T00:00:00.000Z' }]): Terms {
  return termsSchema.parse({ price: usd(price), paymentTerms, deliverables, usageRightsDays: 30, exclusivityDays: 0, revisionRounds: 2 });
}
const total = (t: Terms) => paymentSchedule(t).reduce((sum, p) => sum + p.amount, 0);

describe('payment schedule: lines and triggers', () => {
  it('upfront on signing (the default clock), then the balance on the last approval', () => {
    expect(paymentSchedule(terms(100_000, { upfrontPercent: 30, netDays: 15 }))).toEqual([
      { seq: 1, kind: 'upfront', name: 'Upfront 30%', amount: 30_000, trigger: 'contract_signed', deliverable: null, dueAt: null },
      { seq: 2, kind: 'balance', name: 'Balance', amount: 70_000, trigger: 'work_approved', deliverable: null, dueAt: null },
    ]);
  });

  it.each(['contract_signed', 'content_published', 'invoice_received'] as const)('the upfront share waits for its clock start %s', (clockStart) => {
    expect(paymentSchedule(terms(50_000, { upfrontPercent: 50, netDays: 0, clockStart }))[0]).toMatchObject({ kind: 'upfront', amount: 25_000, trigger: clockStart });
  });

  it('each milestone keeps its trigger; a dated one is due at its date plus netDays at once', () => {
    const t = terms(
      300_000,
      {
        upfrontPercent: 10,
        netDays: 30,
        milestones: [
          { name: 'On signing', amount: usd(50_000), trigger: 'contract_signed' },
          { name: 'Video approved', amount: usd(60_000), trigger: 'deliverable_approved', deliverable: 'video' },
          { name: 'Live', amount: usd(40_000), trigger: 'content_published' },
          { name: 'Quarter end', amount: usd(20_000), trigger: 'date', dueAt: '2027-03-31T00:00:00.000Z' },
        ],
      },
      [
        { type: 'video', quantity: 1, dueAt: '2027-01-10T00:00:00.000Z' },
        { type: 'story', quantity: 2, dueAt: '2027-01-20T00:00:00.000Z' },
      ],
    );
    const s = paymentSchedule(t);
    expect(s.map((p) => [p.kind, p.amount, p.trigger, p.deliverable])).toEqual([
      ['upfront', 30_000, 'contract_signed', null],
      ['milestone', 50_000, 'contract_signed', null],
      ['milestone', 60_000, 'deliverable_approved', 'video'],
      ['milestone', 40_000, 'content_published', null],
      ['milestone', 20_000, 'date', null],
      ['balance', 100_000, 'work_approved', null],
    ]);
    expect(s[4]!.dueAt).toEqual(new Date('2027-04-30T00:00:00.000Z'));
    expect(s.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rounds the upfront share down and puts the remainder in the balance', () => {
    // 33 % of 1001 cents is 330.33: the upfront is 330 and the balance 671.
    expect(paymentSchedule(terms(1001, { upfrontPercent: 33, netDays: 0 })).map((p) => p.amount)).toEqual([330, 671]);
    // 1 % of 99 cents is 0.99: no upfront line at all, the balance is everything.
    expect(paymentSchedule(terms(99, { upfrontPercent: 1, netDays: 0 })).map((p) => [p.kind, p.amount])).toEqual([['balance', 99]]);
  });

  it('leaves out zero lines: 100 % upfront has no balance, a zero price no payment', () => {
    expect(paymentSchedule(terms(5_000, { upfrontPercent: 100, netDays: 0 })).map((p) => p.kind)).toEqual(['upfront']);
    expect(paymentSchedule(terms(0, { upfrontPercent: 50, netDays: 0 }))).toEqual([]);
  });

  it('milestones that use up the price leave no balance', () => {
    expect(paymentSchedule(terms(1_000, { upfrontPercent: 0, netDays: 0, milestones: [{ name: 'All', amount: usd(1_000), trigger: 'contract_signed' }] })).map((p) => p.kind)).toEqual(['milestone']);
  });

  it('the terms refuse an upfront share and milestones beyond the price, and milestones missing their deliverable or date', () => {
    const bad = (paymentTerms: TermsInput['paymentTerms']) =>
      termsSchema.safeParse({ price: usd(1_000), paymentTerms, deliverables: [{ type: 'video', quantity: 1, dueAt: '2027-01-10T00:00:00.000Z' }], usageRightsDays: 0, exclusivityDays: 0, revisionRounds: 0 });
    const issues = (r: ReturnType<typeof bad>) => (r.success ? [] : r.error.issues.map((i) => i.path.join('.')));
    expect(issues(bad({ upfrontPercent: 50, netDays: 0, milestones: [{ name: 'M', amount: usd(600), trigger: 'contract_signed' }] }))).toEqual(['paymentTerms.upfrontPercent']);
    expect(issues(bad({ upfrontPercent: 0, netDays: 0, milestones: [{ name: 'M', amount: usd(100), trigger: 'deliverable_approved', deliverable: 'story' }] }))).toEqual(['paymentTerms.milestones.0.deliverable']);
    expect(issues(bad({ upfrontPercent: 0, netDays: 0, milestones: [{ name: 'M', amount: usd(100), trigger: 'date' }] }))).toEqual(['paymentTerms.milestones.0.dueAt']);
  });
});

describe('payment schedule: clocks', () => {
  it('netDays count from the trigger', () => {
    expect(dueAfter(new Date('2027-01-01T10:00:00Z'), 30)).toEqual(new Date('2027-01-31T10:00:00Z'));
  });

  it('an approval starts the deliverable milestones, the content clock, and — once all is approved — the balance', () => {
    const at = new Date('2027-02-01T00:00:00Z');
    const video = { trigger: 'deliverable_approved' as const, deliverable: 'video' as const };
    const story = { trigger: 'deliverable_approved' as const, deliverable: 'story' as const };
    const balance = { trigger: 'work_approved' as const, deliverable: null };
    const published = { trigger: 'content_published' as const, deliverable: null };
    const partial = occurrencesOfApproval('video', false, at);
    expect([video, story, balance, published].map((p) => partial.some((o) => isTriggeredBy(p, o)))).toEqual([true, false, false, true]);
    const last = occurrencesOfApproval('story', true, at);
    expect([video, story, balance, published].map((p) => last.some((o) => isTriggeredBy(p, o)))).toEqual([false, true, true, true]);
    expect(isTriggeredBy({ trigger: 'invoice_received', deliverable: null }, { type: 'contract_signed', at })).toBe(false);
  });
});

describe('payment schedule: property', () => {
  it('always adds up to the price, never negative, over random prices, percents and milestones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
        (price, upfrontPercent, fractions) => {
          // Milestones take fractions of what the upfront share leaves, so the terms are valid.
          let left = price - percentShare(price, upfrontPercent);
          const milestones = fractions.map((f, i) => {
            const amount = Math.min(left, Math.floor(left * f));
            left -= amount;
            return { name: `M${i}`, amount: usd(amount), trigger: 'contract_signed' as const };
          });
          const t = terms(price, { upfrontPercent, netDays: 0, milestones });
          const s = paymentSchedule(t);
          expect(total(t)).toBe(price);
          expect(s.every((p) => Number.isSafeInteger(p.amount) && p.amount > 0)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
