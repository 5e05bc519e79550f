import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { metricsContracts, metricsRosterContracts as c, type Principal, type RequestOf, type RosterFigures, type VideoObservation } from '#libs/contracts';
import { appErrorOf, bootService, eventually, type ServiceUnderTest } from '#libs/testing';
import { metricsApp } from '../metrics.app.js';
import { publishGrant, publishObservations } from '../metrics.test-support.js';

jest.setTimeout(60_000);

const creatorPrincipal = (creatorId: string): Principal => ({ userId: creatorId, kind: 'creator', orgId: null, orgKind: null, role: null });

/**
 * The roster's figures and ranking over a real nats-server and PostgreSQL: metrics fed
 * observations and grants as ingestion and identity publish them, read through its subjects.
 */
describe('roster figures and ranking (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  const agencyId = randomUUID();
  const agent: Principal = { userId: randomUUID(), kind: 'manager', orgId: agencyId, orgKind: 'agency', role: 'viewer' };
  // Two creators tie on followers (the tie goes by id); `quiet` has no figures; `private` granted
  // the agency no metrics:read and `stranger` no grant at all, both with more followers than anyone.
  const seeds = { top: [9_000, 0.02], tieA: [5_000, 0.09], tieB: [5_000, null], low: [100, 0.05], quiet: [null, null], private: [1_000_000, 0.5], stranger: [2_000_000, 0.4] } as const;
  type Name = keyof typeof seeds;
  const id = Object.fromEntries(Object.keys(seeds).map((name) => [name, randomUUID()])) as Record<Name, string>;
  const name = Object.fromEntries(Object.entries(id).map(([n, i]) => [i, n])) as Record<string, Name>;
  const all = Object.values(id);
  const names = (items: RosterFigures[]) => items.map((f) => name[f.creatorId]);
  const [tie1, tie2] = [id.tieA, id.tieB].sort().map((i) => name[i]!);
  const [null1, null2, null3] = [id.quiet, id.private, id.stranger].sort().map((i) => name[i]!);
  const rank = (req: Partial<RequestOf<typeof c.figuresRank>>) =>
    sut.client.request(c.figuresRank, { creatorIds: all, sort: 'followers', limit: 10, ...req } as never, { principal: agent });

  beforeAll(async () => {
    sut = await bootService(metricsApp, { BENCHMARK_INTERVAL_MS: '3600000' });
    let version = 1;
    for (const n of Object.keys(seeds) as Name[]) {
      if (n === 'stranger') continue;
      await publishGrant(sut.clientConnection, 'activated', { grantId: randomUUID(), agencyId, creatorId: id[n], scopes: n === 'private' ? ['campaigns:read'] : ['metrics:read'], version: version++ });
    }
    const observedAt = new Date(Date.now() - 60_000).toISOString();
    const videos: VideoObservation[] = [];
    const followers = [];
    for (const [n, [count, rate]] of Object.entries(seeds) as [Name, readonly [number | null, number | null]][]) {
      if (count !== null) followers.push({ observationId: randomUUID(), creatorId: id[n], observedAt, followers: count });
      if (rate !== null) {
        videos.push({
          observationId: randomUUID(),
          creatorId: id[n],
          videoId: `${n}-1`,
          postedAt: new Date(Date.now() - 86_400_000).toISOString(),
          observedAt,
          views: 100_000,
          sixSecondViews: 50_000,
          completedViews: 10_000,
          likes: Math.round(rate * 100_000),
          comments: 0,
          shares: 0,
          avgWatchSeconds: 8,
        });
      }
    }
    await publishObservations(sut.clientConnection, { videos, followers });
    await eventually(async () => {
      const { items } = await sut.client.request(c.figuresBatch, { creatorIds: all }, { principal: agent });
      return items.length === 5 && items.find((f) => f.creatorId === id.low)?.engagementRate !== null;
    });
  }, 60_000);
  afterAll(async () => sut?.close());

  it("answers a page's figures as a KPI read has them, leaving out creators the caller may not read", async () => {
    const { items } = await sut.client.request(c.figuresBatch, { creatorIds: all }, { principal: agent });
    expect(names(items).sort()).toEqual(['low', 'quiet', 'tieA', 'tieB', 'top']);
    for (const f of items) {
      const kpis = await sut.client.request(metricsContracts.kpisGet, { creatorId: f.creatorId, window: 'last30v' }, { principal: creatorPrincipal(f.creatorId) });
      expect(f).toEqual({ creatorId: f.creatorId, followers: kpis.followers, engagementRate: kpis.engagementRate });
    }
  });

  it('ranks by followers, highest first, ties by id, unreadable and figureless creators last with null figures', async () => {
    const { items, nextCursor } = await rank({});
    expect(names(items)).toEqual(['top', tie1, tie2, 'low', null1, null2, null3]);
    expect(nextCursor).toBeNull();
    const hidden = items.filter((f) => f.creatorId === id.private || f.creatorId === id.stranger);
    expect(hidden).toEqual([
      { creatorId: hidden[0]!.creatorId, followers: null, engagementRate: null },
      { creatorId: hidden[1]!.creatorId, followers: null, engagementRate: null },
    ]);
  });

  it('pages with a cursor through every creator once, in the same order', async () => {
    const seen: RosterFigures[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await rank({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...res.items);
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    expect(names(seen)).toEqual(['top', tie1, tie2, 'low', null1, null2, null3]);
  });

  it('ranks by engagement rate the same way', async () => {
    const { items } = await rank({ sort: 'engagementRate' });
    const [noRate1, noRate2, noRate3, noRate4] = [id.tieB, id.quiet, id.private, id.stranger].sort().map((i) => name[i]!);
    expect(names(items)).toEqual(['tieA', 'low', 'top', noRate1, noRate2, noRate3, noRate4]);
  });

  it('ranks only the creators it is asked about', async () => {
    expect(names((await rank({ creatorIds: [id.low, id.tieA] })).items)).toEqual(['tieA', 'low']);
  });

  it('refuses a cursor of another order or one it did not write (400), never reading it as a position', async () => {
    const { nextCursor } = await rank({ limit: 1 });
    expect((await appErrorOf(rank({ sort: 'engagementRate', cursor: nextCursor! }))).code).toBe('validation');
    expect((await appErrorOf(rank({ cursor: Buffer.from('{"offset":3}').toString('base64url') }))).code).toBe('validation');
  });
});
