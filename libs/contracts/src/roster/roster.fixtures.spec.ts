import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rateEvents } from './index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const read = (subject: string, file: string) => JSON.parse(readFileSync(path.join(fixtures, subject, file), 'utf8')) as Record<string, unknown>;

/** Beyond "the fixture parses": nothing in a golden fixture is silently dropped by its schema. */
describe('roster golden fixtures', () => {
  it.each(Object.values(rateEvents).map((c) => [c.subject, c] as const))('%s round-trips exactly', (subject, contract) => {
    const payload = read(subject, 'payload.json');
    expect(contract.payload.parse(payload)).toEqual(payload);
  });
});
