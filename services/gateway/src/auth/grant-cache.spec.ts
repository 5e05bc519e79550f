import { randomUUID } from 'node:crypto';
import type { GrantFacts, Principal } from '#libs/contracts';
import { GrantCacheCore } from './grant-cache.js';

const agencyId = randomUUID();
const creatorId = randomUUID();
const principal: Principal = { userId: randomUUID(), kind: 'manager', orgId: agencyId, orgKind: 'agency', role: 'owner' };
const grant: GrantFacts = { id: randomUUID(), agencyId, creatorId, status: 'active', scopes: ['metrics:read'], expiresAt: null };

function setup(ttlMs = 60_000) {
  let answer: GrantFacts | null = grant;
  let calls = 0;
  let gate: Promise<void> | undefined;
  const cache = new GrantCacheCore(async () => {
    calls++;
    const value = answer;
    await gate;
    return value;
  }, ttlMs);
  return {
    cache,
    calls: () => calls,
    answer: (g: GrantFacts | null) => (answer = g),
    hold: () => {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe('grant cache', () => {
  it('caches while the event feed is live, and drops a pair on its event', async () => {
    const t = setup();
    t.cache.setLive(true);
    await t.cache.lookup(principal, creatorId);
    await t.cache.lookup(principal, creatorId);
    expect(t.calls()).toBe(1);
    t.answer(null);
    t.cache.invalidate(agencyId, creatorId);
    await expect(t.cache.lookup(principal, creatorId)).resolves.toBeNull();
    expect(t.calls()).toBe(2);
  });

  it('caches nothing while the event feed is down', async () => {
    const t = setup();
    await t.cache.lookup(principal, creatorId);
    await t.cache.lookup(principal, creatorId);
    expect(t.calls()).toBe(2);
    t.cache.setLive(true);
    await t.cache.lookup(principal, creatorId);
    t.cache.setLive(false); // a gap: everything cached is forgotten
    await t.cache.lookup(principal, creatorId);
    expect(t.calls()).toBe(4);
  });

  it('does not store an answer that raced a revocation', async () => {
    const t = setup();
    t.cache.setLive(true);
    const release = t.hold();
    const inFlight = t.cache.lookup(principal, creatorId); // fetched "active" before the revoke…
    t.cache.invalidate(agencyId, creatorId); // …whose event lands while the answer is on its way
    release();
    await expect(inFlight).resolves.toEqual(grant); // used once by the request that asked
    expect(t.cache.peek(agencyId, creatorId)).toBeUndefined(); // but never cached
    t.answer(null);
    await expect(t.cache.lookup(principal, creatorId)).resolves.toBeNull();
  });

  it('does not store an answer fetched while the event feed was reopening', async () => {
    const t = setup();
    t.cache.setLive(true);
    t.cache.setLive(false); // the feed drops…
    const release = t.hold();
    const inFlight = t.cache.lookup(principal, creatorId); // …a lookup asks identity meanwhile…
    t.cache.setLive(true); // …the feed reopens (a revocation may have been missed in between)…
    release(); // …and the answer, "active", arrives
    await expect(inFlight).resolves.toEqual(grant);
    expect(t.cache.peek(agencyId, creatorId)).toBeUndefined();
    // The next lookup, started with the feed live, is cached.
    await t.cache.lookup(principal, creatorId);
    expect(t.cache.peek(agencyId, creatorId)).toEqual(grant);
  });

  it('does not store an answer that was in flight when the live feed reopened', async () => {
    const t = setup();
    t.cache.setLive(true);
    const release = t.hold();
    const inFlight = t.cache.lookup(principal, creatorId);
    t.cache.setLive(false);
    t.cache.setLive(true);
    release();
    await inFlight;
    expect(t.cache.peek(agencyId, creatorId)).toBeUndefined();
  });

  it('keeps an entry no longer than the grant lives', async () => {
    const t = setup();
    t.cache.setLive(true);
    t.answer({ ...grant, expiresAt: new Date(Date.now() + 30).toISOString() });
    await t.cache.lookup(principal, creatorId);
    expect(t.cache.peek(agencyId, creatorId)).toBeTruthy();
    await new Promise((r) => setTimeout(r, 40));
    expect(t.cache.peek(agencyId, creatorId)).toBeUndefined();
  });

  it('never asks for principals that cannot hold grants', async () => {
    const t = setup();
    const creator: Principal = { userId: randomUUID(), kind: 'creator', orgId: null, orgKind: null, role: null };
    const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: randomUUID(), orgKind: 'brand', role: 'owner' };
    await expect(t.cache.lookup(creator, creatorId)).resolves.toBeNull();
    await expect(t.cache.lookup(brand, creatorId)).resolves.toBeNull();
    expect(t.calls()).toBe(0);
  });
});
