import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fieldErrors } from '../problem.js';
import { campaignEvents, campaignsAuditEvents, campaignsContracts, campaignsShareLinkEvents } from './index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const read = (subject: string, file: string) => JSON.parse(readFileSync(path.join(fixtures, subject, file), 'utf8')) as Record<string, unknown>;

/** Beyond "the fixture parses": nothing in a golden fixture is silently dropped, and requests are strict. */
describe('campaigns golden fixtures', () => {
  it.each(Object.values(campaignsContracts).map((c) => [c.subject, c] as const))('%s round-trips exactly', (subject, contract) => {
    const request = read(subject, 'request.json');
    const response = read(subject, 'response.json');
    expect(contract.request.parse(request)).toEqual(request);
    expect(contract.response.parse(response)).toEqual(response);
    expect(contract.request.safeParse({ ...request, injected: true }).success).toBe(false);
  });

  it.each([...Object.values(campaignsAuditEvents), ...Object.values(campaignEvents), ...Object.values(campaignsShareLinkEvents)].map((c) => [c.subject, c] as const))('%s round-trips exactly', (subject, contract) => {
    const payload = read(subject, 'payload.json');
    expect(contract.payload.parse(payload)).toEqual(payload);
  });
});

describe('campaign input rules', () => {
  const valid = read('campaigns.campaigns.create.v1', 'request.json');
  const errorsOf = (input: unknown) => {
    const result = campaignsContracts.campaignsCreate.request.safeParse(input);
    return result.success ? [] : fieldErrors(result.error).map((e) => e.path);
  };

  it('names the field for dates out of order and due dates outside the campaign', () => {
    expect(errorsOf({ ...valid, endsAt: valid.startsAt })).toEqual(['endsAt']);
    const deliverables = [{ type: 'video', quantity: 1, dueAt: '2027-03-01T00:00:00.000Z' }];
    expect(errorsOf({ ...valid, deliverables })).toEqual(['deliverables.0.dueAt']);
  });

  it('refuses money that is not positive or not in an ISO currency, and empty deliverables', () => {
    expect(errorsOf({ ...valid, budget: { amount: 0, currency: 'USD' } })).toEqual(['budget.amount']);
    expect(errorsOf({ ...valid, budget: { amount: -5, currency: 'USD' } })).toContain('budget.amount');
    expect(errorsOf({ ...valid, budget: { amount: 100, currency: 'XYZ' } })).toEqual(['budget.currency']);
    expect(errorsOf({ ...valid, deliverables: [] })).toEqual(['deliverables']);
  });

  it('judges an edit\'s dates when it names both, and leaves one date to the stored other', () => {
    const edit = (input: Record<string, unknown>) => {
      const result = campaignsContracts.campaignsUpdate.request.safeParse({ campaignId: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b', version: 1, ...input });
      return result.success ? [] : fieldErrors(result.error).map((e) => e.path);
    };
    expect(edit({ startsAt: valid.startsAt, endsAt: valid.startsAt })).toEqual(['endsAt']);
    expect(edit({ endsAt: valid.startsAt })).toEqual([]);
    expect(edit({ budget: { amount: 0, currency: 'USD' } })).toEqual(['budget.amount']);
    expect(edit({ deliverables: [] })).toEqual(['deliverables']);
  });

  it('accepts the minimum: defaults fill brief, objectives and audience', () => {
    const { brief: _b, objectives: _o, targetAudience: _t, ...minimal } = valid;
    const parsed = campaignsContracts.campaignsCreate.request.parse(minimal);
    expect(parsed).toMatchObject({ brief: '', objectives: [], targetAudience: { regions: [], ageRanges: [], categories: [] } });
  });
});
