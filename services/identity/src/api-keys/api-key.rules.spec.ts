import { randomUUID } from 'node:crypto';
import { generateApiKey, isPlatformAdmin, parseApiKey, secretMatches } from './api-key.rules.js';

describe('API keys', () => {
  it('round-trips: the generated key parses back to its id, and only its secret matches the stored hash', () => {
    const id = randomUUID();
    const { key, secretHash } = generateApiKey(id);
    const parsed = parseApiKey(key);
    expect(parsed?.id).toBe(id);
    expect(secretMatches(parsed!.secret, secretHash)).toBe(true);
    expect(secretMatches(generateApiKey(id).key.split('.')[1]!, secretHash)).toBe(false);
    expect(secretHash).not.toContain(parsed!.secret);
  });

  it('refuses anything that is not a key before any lookup', () => {
    expect(parseApiKey('Bearer abc')).toBeNull();
    expect(parseApiKey(`tpk_${randomUUID()}.short`)).toBeNull();
  });

  it('names platform operators by email, ignoring case and blanks', () => {
    expect(isPlatformAdmin('Ops@Example.com', ' ops@example.com, other@example.com')).toBe(true);
    expect(isPlatformAdmin('ops@example.com', '')).toBe(false);
    expect(isPlatformAdmin('', ' , ')).toBe(false);
  });
});
