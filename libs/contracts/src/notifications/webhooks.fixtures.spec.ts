import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webhookContracts } from './webhooks.contract.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const read = (subject: string, file: string) => JSON.parse(readFileSync(path.join(fixtures, subject, file), 'utf8')) as Record<string, unknown>;

/** Nothing in a golden fixture is dropped by its schema, and request schemas are strict. */
describe('webhook golden fixtures', () => {
  it.each(Object.values(webhookContracts).map((c) => [c.subject, c] as const))('%s round-trips', (subject, contract) => {
    const request = read(subject, 'request.json');
    const response = read(subject, 'response.json');
    expect(contract.request.parse(request)).toEqual(request);
    expect(contract.response.parse(response)).toEqual(response);
    expect(contract.request.safeParse({ ...request, injected: true }).success).toBe(false);
  });

  it('refuses an event filter entry that is neither a type, a prefix with .* nor *', () => {
    const request = read('notifications.webhooks.create.v1', 'request.json');
    for (const bad of ['offer.*.x', 'Offer.received', '', 'offer received']) {
      expect(webhookContracts.create.request.safeParse({ ...request, events: [bad] }).success).toBe(false);
    }
  });
});
