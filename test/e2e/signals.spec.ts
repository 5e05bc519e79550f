import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { CreatorCard, CreatorSignals, DiscoveredCreator } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { approveGrant, bearer, expectStatus, problemOf, requestGrant, ROOMY_LIMITS, signup, type Actor } from './security/support.js';

jest.setTimeout(120_000);

const ADMIN = `ops-${randomUUID().slice(0, 8)}@example.com`;
const DAY = 86_400_000;
const DAYS = 60;
/** The planted jump: 48,200 bought followers on one day, 20 days ago. */
const JUMP = 48_200;
const JUMP_DAYS_AGO = 20;

/** Daily snapshots at noon UTC for `DAYS` days: about +150 a day (±40), plus `jump` from `jumpDaysAgo` on. */
function followerHistory(creatorId: string, jump = 0) {
  const today = Math.floor(Date.now() / DAY) * DAY;
  let followers = 30_000;
  return Array.from({ length: DAYS }, (_, i) => {
    const daysAgo = DAYS - 1 - i;
    followers += 150 + ((i * 37) % 81) - 40;
    return {
      observationId: randomUUID(),
      creatorId,
      // Yesterday's noon is the latest, so every snapshot is in the past.
      observedAt: new Date(today - (daysAgo + 1) * DAY + DAY / 2).toISOString(),
      followers: followers + (daysAgo <= JUMP_DAYS_AGO ? jump : 0),
    };
  });
}

/**
 * Fraud signals through the gateway on the whole platform: a connector ingests a planted
 * follower history, and the jump shows with its evidence on the signals route, on the card
 * and in discovery, never hiding the creator; a steady creator shows none; whoever may not
 * read the metrics may not read the signals either.
 */
describe('anomaly signals through the gateway', () => {
  const stack = useStack({ env: { ...ROOMY_LIMITS, PLATFORM_ADMINS: ADMIN } });
  let api: GatewayClient;
  let jumpy: Actor;
  let steady: Actor;
  let brand: Actor;
  let granted: Actor;
  let limited: Actor;
  let stranger: Actor;
  const jumpyHistory = followerHistory(randomUUID(), JUMP);
  const jumpDay = new Date(Math.floor(Date.now() / DAY) * DAY - (JUMP_DAYS_AGO + 1) * DAY).toISOString().slice(0, 10);

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    const admin = expectStatus(
      await api.post<Actor>('/v1/auth/signup', { json: { email: ADMIN, password: `pw-${randomUUID()}`, name: 'Ops', kind: 'manager' } }),
      201,
      'admin signup',
    ).body;
    [jumpy, steady, brand, granted, limited, stranger] = await Promise.all([
      signup(api, 'creator', { name: 'Jules Jump' }),
      signup(api, 'creator', { name: 'Sam Steady' }),
      signup(api, 'brand', { org: 'Brand' }),
      signup(api, 'manager', { org: 'Granted Agency' }),
      signup(api, 'manager', { org: 'Limited Agency' }),
      signup(api, 'manager', { org: 'Stranger Agency' }),
    ]);
    const edit = (actor: Actor) =>
      eventually(
        async () =>
          (await api.request('PATCH', `/v1/creators/${actor.user.id}/profile`, { headers: bearer(actor), json: { categories: ['beauty'], regions: ['US'], marketplaceVisible: true } }))
            .status === 200,
        30_000,
      );
    await Promise.all([edit(jumpy), edit(steady)]);
    await approveGrant(api, jumpy, (await requestGrant(api, granted, jumpy, ['metrics:read'])).id);
    await approveGrant(api, jumpy, (await requestGrant(api, limited, jumpy, ['campaigns:read'])).id);

    const key = expectStatus(await api.post<{ key: string }>('/v1/api-keys', { headers: bearer(admin), json: { name: 'connector', scopes: ['metrics:ingest'] } }), 201).body.key;
    const records = [...jumpyHistory.map((r) => ({ ...r, creatorId: jumpy.user.id })), ...followerHistory(steady.user.id)];
    expect(expectStatus(await api.post('/v1/ingest/followers', { headers: { 'x-api-key': key }, json: { records } }), 202).body).toMatchObject({ accepted: records.length, rejected: [] });
  }, 120_000);

  const signalsOf = (creator: Actor, actor: Actor) => api.get<CreatorSignals>(`/v1/creators/${creator.user.id}/signals`, { headers: bearer(actor) });

  it('shows the planted jump with its evidence, and nothing for a steady creator', async () => {
    const got = await eventually(async () => {
      const r = await signalsOf(jumpy, jumpy);
      return r.status === 200 && r.body.signals.length ? r.body : null;
    }, 60_000);
    const at = jumpyHistory.findIndex((r) => r.observedAt.startsWith(jumpDay));
    const planted = jumpyHistory[at]!;
    // Gains of 110–190 a day: median about 150, a spread under the 0.1 % floor (30–40), so the bar is the 1,000 minimum.
    expect(got).toEqual({
      creatorId: jumpy.user.id,
      signals: [
        {
          kind: 'follower_jump',
          day: jumpDay,
          evidence: {
            gain: planted.followers - jumpyHistory[at - 1]!.followers,
            followers: planted.followers,
            typicalGain: expect.any(Number),
            deviation: expect.any(Number),
            deviations: 8,
            threshold: 1_000,
            historyDays: DAYS - 1,
          },
        },
      ],
    });
    const { evidence } = got.signals[0] as Extract<CreatorSignals['signals'][number], { kind: 'follower_jump' }>;
    expect(evidence.gain - JUMP).toBeGreaterThanOrEqual(110);
    expect(evidence.typicalGain).toBeGreaterThanOrEqual(110);
    expect(evidence.typicalGain).toBeLessThanOrEqual(190);
    expect(expectStatus(await signalsOf(steady, steady), 200).body).toEqual({ creatorId: steady.user.id, signals: [] });
  });

  it('puts the same flag on the card’s metrics, for the creator and an agency with metrics:read', async () => {
    const { signals } = expectStatus(await signalsOf(jumpy, jumpy), 200).body;
    for (const who of [jumpy, granted]) {
      const card = expectStatus(await api.get<CreatorCard>(`/v1/creators/${jumpy.user.id}/card`, { headers: bearer(who) }), 200, 'card').body;
      expect(card.metrics?.signals).toEqual(signals);
      expect(card.degraded).toEqual([]);
    }
    const steadyCard = expectStatus(await api.get<CreatorCard>(`/v1/creators/${steady.user.id}/card`, { headers: bearer(steady) }), 200).body;
    expect(steadyCard.metrics?.signals).toEqual([]);
  });

  it('flags the creator in discovery without hiding or demoting them', async () => {
    const page = await eventually(async () => {
      const r = await api.get<{ items: DiscoveredCreator[] }>('/v1/creators?category=beauty&limit=100', { headers: bearer(brand) });
      return r.status === 200 && r.body.items.length === 2 ? r.body : null;
    }, 60_000);
    const [first, second] = page.items;
    // The jumpy creator has the most followers (the bought ones count) and stays first.
    expect(first).toMatchObject({ creatorId: jumpy.user.id, signals: [{ kind: 'follower_jump', day: jumpDay, evidence: expect.objectContaining({ deviations: 8 }) }] });
    expect(second).toMatchObject({ creatorId: steady.user.id, signals: [] });
    expect(expectStatus(await signalsOf(jumpy, brand), 200).body.signals).toEqual(first!.signals);
  });

  it('answers as the metrics do to whoever may not read them: 404 for strangers, 403 for a grant without metrics:read', async () => {
    const unknown = problemOf(await api.get(`/v1/creators/${randomUUID()}/signals`, { headers: bearer(stranger) }), 404);
    expect(problemOf(await signalsOf(jumpy, stranger), 404)).toEqual(unknown);
    problemOf(await signalsOf(jumpy, steady), 404);
    problemOf(await api.get(`/v1/creators/${jumpy.user.id}/metrics`, { headers: bearer(limited) }), 403);
    problemOf(await signalsOf(jumpy, limited), 403);
    const card = expectStatus(await api.get<CreatorCard>(`/v1/creators/${jumpy.user.id}/card`, { headers: bearer(limited) }), 200).body;
    expect(card.metrics).toBeNull();
    problemOf(await api.get(`/v1/creators/${jumpy.user.id}/signals`), 401);
  });
});
