import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commissionEvents, profileEvents, rateEvents, rosterAuditEvents, rosterContracts } from './index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const read = (subject: string, file: string) => JSON.parse(readFileSync(path.join(fixtures, subject, file), 'utf8')) as Record<string, unknown>;

/** Beyond "the fixture parses": nothing in a golden fixture is silently dropped by its schema. */
describe('roster golden fixtures', () => {
  it.each(Object.values(rosterContracts).map((c) => [c.subject, c] as const))('%s round-trips exactly', (subject, contract) => {
    const request = read(subject, 'request.json');
    const response = read(subject, 'response.json');
    expect(contract.request.parse(request)).toEqual(request);
    expect(contract.response.parse(response)).toEqual(response);
    expect(contract.request.safeParse({ ...request, injected: true }).success).toBe(false);
  });

  it.each([...Object.values(rateEvents), ...Object.values(profileEvents), ...Object.values(rosterAuditEvents), ...Object.values(commissionEvents)].map((c) => [c.subject, c] as const))('%s round-trips exactly', (subject, contract) => {
    const payload = read(subject, 'payload.json');
    expect(contract.payload.parse(payload)).toEqual(payload);
  });
});
