import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allContracts, EVENT_CONTRACTS } from './registry.js';
import { EVENT_CONSUMERS } from './consumers.js';
import { replySchema } from './contract.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const read = (subject: string, file: string) =>
  JSON.parse(readFileSync(path.join(fixtures, subject, file), 'utf8')) as unknown;

describe('contract registry', () => {
  it('has golden fixtures for every subject, and no fixture without a subject', () => {
    const subjects = allContracts().map((c) => c.subject).sort();
    expect(readdirSync(fixtures).sort()).toEqual(subjects);
  });

  it.each(allContracts().map((c) => [c.subject, c] as const))('%s fixtures satisfy its schema', (subject, contract) => {
    if (contract.kind === 'request') {
      expect(contract.request.safeParse(read(subject, 'request.json')).success).toBe(true);
      const response = read(subject, 'response.json');
      expect(contract.response.safeParse(response).success).toBe(true);
      expect(replySchema(contract.response).safeParse({ data: response }).success).toBe(true);
    } else {
      expect(existsSync(path.join(fixtures, subject, 'payload.json'))).toBe(true);
      expect(contract.payload.safeParse(read(subject, 'payload.json')).success).toBe(true);
    }
  });
});

describe('event consumer registry', () => {
  it.each(EVENT_CONSUMERS.flatMap((c) => c.producers.map((p) => [c.consumer, p] as const)))('%s reads %s, whose events name its service as a consumer', (consumer, producer) => {
    const { service } = EVENT_CONSUMERS.find((c) => c.consumer === consumer)!;
    expect(EVENT_CONTRACTS.some((e) => e.service === producer && e.consumers.includes(service))).toBe(true);
  });

  it('names every consumer once', () => {
    const names = EVENT_CONSUMERS.map((c) => c.consumer);
    expect(new Set(names).size).toBe(names.length);
  });
});
