import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractEvents, negotiationAuditEvents, negotiationContracts, negotiationEvents, paymentEvents } from './index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const read = (subject: string, file: string) => JSON.parse(readFileSync(path.join(fixtures, subject, file), 'utf8')) as Record<string, unknown>;

/** Nothing in a golden fixture is dropped by its schema, and request schemas are strict. */
describe('negotiation golden fixtures', () => {
  it.each(Object.values(negotiationContracts).map((c) => [c.subject, c] as const))('%s round-trips', (subject, contract) => {
    const request = read(subject, 'request.json');
    const response = read(subject, 'response.json');
    expect(contract.request.parse(request)).toEqual(request);
    expect(contract.response.parse(response)).toEqual(response);
    expect(contract.request.safeParse({ ...request, injected: true }).success).toBe(false);
  });

  it.each([...Object.values(negotiationEvents), ...Object.values(negotiationAuditEvents), ...Object.values(contractEvents), ...Object.values(paymentEvents)].map((c) => [c.subject, c] as const))('%s round-trips', (subject, contract) => {
    const payload = read(subject, 'payload.json');
    expect(contract.payload.parse(payload)).toEqual(payload);
  });

  it('refuses terms whose milestones are in another currency or exceed the price', () => {
    const { request } = { request: read('negotiation.proposals.create.v1', 'request.json') };
    const terms = request.terms as { price: { amount: number }; paymentTerms: { milestones: { amount: { amount: number; currency: string } }[] } };
    const foreign = structuredClone(terms);
    foreign.paymentTerms.milestones[0]!.amount.currency = 'EUR';
    const tooMuch = structuredClone(terms);
    tooMuch.paymentTerms.milestones[0]!.amount.amount = terms.price.amount + 1;
    expect(negotiationContracts.propose.request.safeParse({ ...request, terms: foreign }).success).toBe(false);
    expect(negotiationContracts.propose.request.safeParse({ ...request, terms: tooMuch }).success).toBe(false);
  });
});
