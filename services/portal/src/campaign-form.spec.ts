import type { Campaign } from './api/types';
import { createBody, editBody, formOf, newCampaignForm, overBudgetBy } from './campaign-form';

const campaign = {
  id: 'c1',
  name: 'Trail Season',
  brief: 'One honest video each.',
  budget: { amount: 5_000_000, currency: 'USD' },
  startsAt: '2027-01-01T23:59:59.000Z',
  endsAt: '2027-03-01T23:59:59.000Z',
  deliverables: [{ type: 'video', quantity: 1, dueAt: '2027-02-01T23:59:59.000Z' }],
  version: 3,
} as unknown as Campaign;

describe('campaign form', () => {
  it('sends every deliverable line with its own type, quantity and due day (end of that day, UTC)', () => {
    const form = { ...newCampaignForm(new Date('2027-01-01T00:00:00Z')), name: 'Launch', budget: '12,500.50' };
    form.lines = [...form.lines, { type: 'story', quantity: '3', dueAt: '2027-01-25' }];
    expect(createBody(form)).toMatchObject({
      budget: { amount: 1_250_050, currency: 'USD' },
      startsAt: '2027-01-02T23:59:59.000Z',
      deliverables: [
        { type: 'video', quantity: 1, dueAt: '2027-01-22T23:59:59.000Z' },
        { type: 'story', quantity: 3, dueAt: '2027-01-25T23:59:59.000Z' },
      ],
    });
  });

  it('sends what cannot be read as an invalid value, so the service names the field', () => {
    const form = { ...newCampaignForm(), budget: 'lots', lines: [{ type: 'video' as const, quantity: 'two', dueAt: '2027-01-25' }] };
    expect(createBody(form)).toMatchObject({ budget: { amount: -1 }, deliverables: [{ quantity: -1 }] });
  });

  it('edits only what changed, from the version read', () => {
    expect(editBody(formOf(campaign), campaign)).toEqual({ version: 3 });
    const form = formOf(campaign);
    form.budget = '60000.00';
    form.lines.push({ type: 'story', quantity: '2', dueAt: '2027-02-15' });
    expect(editBody(form, campaign)).toEqual({
      version: 3,
      budget: { amount: 6_000_000, currency: 'USD' },
      deliverables: [
        { type: 'video', quantity: 1, dueAt: '2027-02-01T23:59:59.000Z' },
        { type: 'story', quantity: 2, dueAt: '2027-02-15T23:59:59.000Z' },
      ],
    });
  });

  it('says by how much a price goes over the remaining budget, and nothing when it fits', () => {
    const remaining = { amount: 300_000, currency: 'USD' };
    expect(overBudgetBy(300_000, remaining)).toBeNull();
    expect(overBudgetBy(null, remaining)).toBeNull();
    expect(overBudgetBy(450_000, remaining)).toEqual({ amount: 150_000, currency: 'USD' });
    expect(overBudgetBy(10_000, { amount: -5_000, currency: 'USD' })).toEqual({ amount: 10_000, currency: 'USD' });
  });
});
