import { AppError } from '#libs/contracts';
import { assertWithinBudget, editCampaign, remainingBudget, type CampaignFacts } from './campaign.rules.js';

const current: CampaignFacts = {
  name: 'Trail Season',
  brief: 'One honest video each.',
  objectives: [],
  budget: { amount: 5_000_000, currency: 'USD' },
  startsAt: new Date('2027-01-01T00:00:00.000Z'),
  endsAt: new Date('2027-03-01T00:00:00.000Z'),
  deliverables: [{ type: 'video', quantity: 1, dueAt: '2027-02-01T00:00:00.000Z' }],
  targetAudience: { regions: ['US'], ageRanges: [], categories: [] },
};

function refusal(fn: () => unknown): { status: number; paths: string[] } | 'allowed' {
  try {
    fn();
    return 'allowed';
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { status: err.status, paths: (err.errors ?? []).map((e) => e.path) };
  }
}

describe('editCampaign', () => {
  it('returns only the fields that change, in a stable order', () => {
    const edit = editCampaign(current, {
      brief: 'Two honest videos each.',
      name: current.name,
      budget: { amount: 6_000_000, currency: 'USD' },
      endsAt: '2027-04-01T00:00:00.000Z',
      deliverables: [
        { type: 'video', quantity: 2, dueAt: '2027-02-01T00:00:00.000Z' },
        { type: 'story', quantity: 3, dueAt: '2027-03-15T00:00:00.000Z' },
      ],
    });
    expect(edit.fields).toEqual(['brief', 'budget', 'endsAt', 'deliverables']);
    expect(edit.changes.endsAt).toEqual(new Date('2027-04-01T00:00:00.000Z'));
    expect(edit.changes.budget).toEqual({ amount: 6_000_000, currency: 'USD' });
  });

  it('finds no change in values sent as they are stored, whatever the order of their fields', () => {
    expect(editCampaign(current, { startsAt: current.startsAt.toISOString(), budget: { ...current.budget }, deliverables: [...current.deliverables] })).toEqual({ changes: {}, fields: [] });
    const reordered = { categories: [], ageRanges: [], regions: ['US'] };
    expect(editCampaign(current, { targetAudience: reordered, budget: { currency: 'USD', amount: 5_000_000 } }).fields).toEqual([]);
    expect(editCampaign(current, { targetAudience: { ...reordered, regions: ['US', 'CA'] } }).fields).toEqual(['targetAudience']);
  });

  it('lets the budget only go up, in its own currency (422)', () => {
    expect(refusal(() => editCampaign(current, { budget: { amount: 4_999_999, currency: 'USD' } }))).toEqual({ status: 422, paths: ['budget.amount'] });
    expect(refusal(() => editCampaign(current, { budget: { amount: 9_000_000, currency: 'EUR' } }))).toEqual({ status: 422, paths: ['budget.currency'] });
    expect(refusal(() => editCampaign(current, { budget: { amount: 5_000_000, currency: 'USD' } }))).toBe('allowed');
  });

  it('judges one new date against the stored other, and due dates against the new window (422)', () => {
    expect(refusal(() => editCampaign(current, { endsAt: '2026-12-01T00:00:00.000Z' }))).toEqual({ status: 422, paths: ['endsAt'] });
    expect(refusal(() => editCampaign(current, { startsAt: '2027-03-02T00:00:00.000Z' }))).toEqual({ status: 422, paths: ['startsAt'] });
    // The stored deliverable falls outside a shortened campaign.
    expect(refusal(() => editCampaign(current, { endsAt: '2027-01-15T00:00:00.000Z' }))).toEqual({ status: 422, paths: ['deliverables.0.dueAt'] });
    expect(refusal(() => editCampaign(current, { deliverables: [{ type: 'video', quantity: 1, dueAt: '2027-05-01T00:00:00.000Z' }] }))).toEqual({ status: 422, paths: ['deliverables.0.dueAt'] });
  });
});

describe('budget', () => {
  const budget = { amount: 1_000_000, currency: 'USD' };

  it('remains what accepted offers have not committed, below zero after an overrun', () => {
    expect(remainingBudget(budget, 250_000)).toEqual({ amount: 750_000, currency: 'USD' });
    expect(remainingBudget(budget, 1_200_000)).toEqual({ amount: -200_000, currency: 'USD' });
  });

  it('refuses a price over the remaining budget unless the brand confirms it (422 naming the price)', () => {
    const remaining = { amount: 300_000, currency: 'USD' };
    expect(refusal(() => assertWithinBudget({ amount: 300_000, currency: 'USD' }, remaining, false))).toBe('allowed');
    expect(refusal(() => assertWithinBudget({ amount: 300_001, currency: 'USD' }, remaining, false))).toEqual({ status: 422, paths: ['price.amount'] });
    expect(refusal(() => assertWithinBudget({ amount: 900_000, currency: 'USD' }, remaining, true))).toBe('allowed');
  });
});
