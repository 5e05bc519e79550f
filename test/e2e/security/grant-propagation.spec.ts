import { startService, type RunningService } from '#libs/service-defaults';
import { createTestDatabase, startNatsServer, type NatsServerHandle, type TestDatabase } from '#libs/testing';
import { identityApp } from '../../../services/identity/src/identity.app.js';
import { gatewayApp } from '../../../services/gateway/src/gateway.app.js';
import { GrantCache } from '../../../services/gateway/src/auth/grant-cache.js';
import { gatewayClient, type GatewayClient } from '../support/http.js';
import { approveGrant, bearer, expectStatus, requestGrant, ROOMY_LIMITS, signup, type Actor } from './support.js';

/**
 * The gateways' own grant caches, watched directly: every grant event must empty the pair's
 * entry on every instance within 1 s (identity re-checks too, so the HTTP-level flow test
 * alone would not show a stale gateway cache). Boots identity and two gateways in-process,
 * as the e2e harness does, keeping hold of the gateway apps.
 */
describe('grant events reach every gateway cache', () => {
  let nats: NatsServerHandle;
  let db: TestDatabase;
  const running: RunningService[] = [];
  let gateways: RunningService[];
  let api: GatewayClient[];
  let owner: Actor;
  let creator: Actor;

  beforeAll(async () => {
    [nats, db] = await Promise.all([startNatsServer(), createTestDatabase()]);
    const env = { NATS_URL: nats.url, DATABASE_URL: db.url, LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_MS: '2000', GRANT_CACHE_TTL_MS: '600000', ...ROOMY_LIMITS };
    running.push(await startService({ ...identityApp, env: { ...env, HTTP_PORT: '0' } }));
    gateways = [await startService({ ...gatewayApp, env: { ...env, GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0' } }), await startService({ ...gatewayApp, env: { ...env, GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0' } })];
    running.push(...gateways);
    api = gateways.map((g) => gatewayClient(g.url.replace('0.0.0.0', '127.0.0.1')));
    [owner, creator] = await Promise.all([signup(api[0]!, 'manager', { org: 'Cache Agency' }), signup(api[1]!, 'creator')]);
  }, 60_000);
  afterAll(async () => {
    for (const s of running.reverse()) await s.close().catch(() => undefined);
    await Promise.all([nats?.stop(), db?.drop()]);
  });

  const caches = () => gateways.map((g) => g.app.get(GrantCache));
  const agencyId = () => owner.organization!.id;
  /**
   * Serves the agency on both gateways until both caches hold what `expected` says. An event
   * still in flight when a fetch starts keeps that answer out of the cache (by design), so a
   * warm-up right after a change may need a second pass.
   */
  const warm = async (expected: (cached: ReturnType<GrantCache['peek']>) => boolean) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      for (const a of api) await a.get(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(owner) });
      if (caches().every((cache) => expected(cache.peek(agencyId(), creator.user.id)))) return;
      if (Date.now() > deadline) throw new Error('caches did not settle');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** ms until `done` holds on every gateway cache, polled every millisecond. */
  async function untilAll(done: (cache: GrantCache) => boolean, since: number): Promise<number[]> {
    return Promise.all(
      caches().map(async (cache) => {
        while (!done(cache)) {
          if (performance.now() - since > 5_000) throw new Error('cache not invalidated within 5 s');
          await new Promise((r) => setTimeout(r, 1));
        }
        return performance.now() - since;
      }),
    );
  }

  it('follows the grant feed on every instance', async () => {
    for (const cache of caches()) expect(cache.isLive()).toBe(true);
  });

  it('drops an active grant from every cache within 1 s of its revocation', async () => {
    const grant = await approveGrant(api[1]!, creator, (await requestGrant(api[0]!, owner, creator, ['metrics:read', 'campaigns:read'])).id);
    await warm((cached) => cached?.id === grant.id);
    for (const cache of caches()) expect(cache.peek(agencyId(), creator.user.id)).toMatchObject({ id: grant.id, status: 'active' });

    const sent = performance.now();
    expectStatus(await api[1]!.post(`/v1/delegations/${grant.id}/revoke`, { headers: bearer(creator), json: {} }), 200);
    const committed = performance.now();
    const after = await untilAll((cache) => cache.peek(agencyId(), creator.user.id) === undefined, committed);
    console.info(
      `revoke round trip ${(committed - sent).toFixed(1)} ms; caches emptied ${after.map((ms) => ms.toFixed(1)).join(' / ')} ms after the committed revoke returned`,
    );
    for (const ms of after) expect(ms).toBeLessThan(1_000);
    // The next decision on either gateway fetches afresh and refuses.
    for (const a of api) expect((await a.get(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(owner) })).status).toBe(404);
  });

  it('drops a cached "no grant" when a grant is activated, and a grant whose scopes narrowed', async () => {
    await warm((cached) => cached === null); // caches now hold "no grant in force"
    for (const cache of caches()) expect(cache.peek(agencyId(), creator.user.id)).toBeNull();
    const pending = await requestGrant(api[0]!, owner, creator, ['metrics:read', 'campaigns:read']);
    const approvedAt = performance.now();
    await approveGrant(api[1]!, creator, pending.id);
    const activated = await untilAll((cache) => cache.peek(agencyId(), creator.user.id) === undefined, approvedAt);
    for (const ms of activated) expect(ms).toBeLessThan(1_000);
    await warm((cached) => cached?.id === pending.id);

    const narrowedAt = performance.now();
    expectStatus(await api[0]!.request('PATCH', `/v1/delegations/${pending.id}`, { headers: bearer(creator), json: { scopes: ['metrics:read'] } }), 200);
    const narrowed = await untilAll((cache) => cache.peek(agencyId(), creator.user.id) === undefined, narrowedAt);
    for (const ms of narrowed) expect(ms).toBeLessThan(1_000);
    await warm((cached) => !!cached);
    for (const cache of caches()) expect(cache.peek(agencyId(), creator.user.id)?.scopes).toEqual(['metrics:read']);
  });
});
