import { generateKeyPairSync } from 'node:crypto';
import { AppError } from '#libs/contracts';
import type { RequestClient } from '#libs/messaging';
import { createLogger } from '#libs/observability';
import { AccessTokenKeys } from './access-token-keys.js';

const publicJwk = (kid: string) => {
  const { x } = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string };
  return { kty: 'OKP' as const, crv: 'Ed25519' as const, x, kid, alg: 'EdDSA' as const, use: 'sig' as const };
};

function setup(published: () => ReturnType<typeof publicJwk>[] | Error, minIntervalMs = 1_000) {
  let fetches = 0;
  const clock = { now: 1_000_000 };
  const client = {
    request: async () => {
      fetches++;
      const keys = published();
      if (keys instanceof Error) throw keys;
      return { keys };
    },
  } as unknown as RequestClient;
  const keys = new AccessTokenKeys(
    client,
    { AUTH_KEYS_REFETCH_MIN_INTERVAL_MS: minIntervalMs, AUTH_KEYS_MAX_AGE_MS: 300_000, GRANT_CACHE_TTL_MS: 0, AUTH_SESSION_REVOCATION_RETAIN_MS: 3_600_000, AUTH_TRUSTED_PROXY_HOPS: 0 },
    createLogger('gateway', 'silent'),
  );
  keys.now = () => clock.now;
  return { keys, fetches: () => fetches, clock };
}

describe('access token key set', () => {
  it('fetches once, then serves known kids from memory', async () => {
    const t = setup(() => [publicJwk('a'), publicJwk('b')]);
    expect(await t.keys.keyFor('a')).toBeDefined();
    expect(await t.keys.keyFor('b')).toBeDefined();
    expect(t.fetches()).toBe(1);
  });

  it('refetches on an unknown kid (a rotation), but at most once per interval', async () => {
    let published = [publicJwk('old')];
    const t = setup(() => published, 5_000);
    await t.keys.keyFor('old');
    for (let i = 0; i < 20; i++) expect(await t.keys.keyFor(`random-${i}`)).toBeUndefined();
    expect(t.fetches()).toBe(1); // a flood of made-up kids does not reach identity
    published = [publicJwk('new'), published[0]!];
    t.clock.now += 5_000;
    expect(await t.keys.keyFor('new')).toBeDefined();
    expect(t.fetches()).toBe(2);
    expect(t.keys.knownKids().sort()).toEqual(['new', 'old']);
  });

  it('keeps a steady key set while replicas with different sets answer, and forgets a key no answer named for the max age', async () => {
    const [old, next] = [publicJwk('old'), publicJwk('new')];
    // Mid-rotation: one identity replica already publishes the new key, the other does not.
    let answers = 0;
    const t = setup(() => (answers++ % 2 === 0 ? [next, old] : [old]), 1_000);
    expect(await t.keys.keyFor('old')).toBeDefined();
    for (let i = 0; i < 4; i++) {
      t.clock.now += 150_001; // past the background refresh interval (half the max age)
      await t.keys.keyFor('old');
      await new Promise((r) => setTimeout(r, 10)); // the background refresh lands
      expect(t.keys.knownKids().sort()).toEqual(['new', 'old']);
    }
    expect(t.fetches()).toBe(5);
    // The rotation ends: every replica publishes only the new key; the old one lasts one max age more.
    let fetched = 0;
    const done = setup(() => (fetched++ < 1 ? [next, old] : [next]), 1_000);
    await done.keys.keyFor('new');
    done.clock.now += 200_000;
    await done.keys.keyFor('new'); // a background refresh: only "new" named now
    await new Promise((r) => setTimeout(r, 10));
    expect(done.keys.knownKids().sort()).toEqual(['new', 'old']);
    done.clock.now += 200_000;
    await done.keys.keyFor('new');
    await new Promise((r) => setTimeout(r, 10));
    expect(done.keys.knownKids()).toEqual(['new']);
    expect(await done.keys.keyFor('old')).toBeUndefined();
  });

  it('answers 503 when no key is known and identity cannot be reached', async () => {
    const t = setup(() => new AppError('unavailable', 'Service unavailable', 'identity is not answering'));
    const err = await t.keys.keyFor('a').catch((e: unknown) => e);
    expect((err as AppError).status).toBe(503);
  });
});
