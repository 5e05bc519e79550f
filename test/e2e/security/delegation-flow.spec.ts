import { gatewayClient, parseTraceparent, type GatewayClient } from '../support/http.js';
import { useStack } from '../support/stack.js';
import { bearer, expectStatus, join, problemOf, requestGrant, ROOMY_LIMITS, signup, type Actor, type Grant } from './support.js';

interface AuditPage {
  items: { action: string; actor: { userId: string | null }; onBehalfOf: string | null; grantId: string | null; traceId: string | null }[];
}

/**
 * The promise of the product, end to end through two gateway instances: an agency asks, the
 * creator grants less than asked, the agency's owner reads the creator's audit log through
 * the grant, the creator revokes, and within one second neither gateway lets the agency in.
 */
describe('delegation: request → approve → act → revoke, across two gateways', () => {
  const stack = useStack({ services: ['identity'], gateways: 2, env: ROOMY_LIMITS });
  let gw: [GatewayClient, GatewayClient];
  let owner: Actor;
  let manager: Actor;
  let creator: Actor;
  let grant: Grant;

  beforeAll(async () => {
    gw = [gatewayClient(stack().gatewayUrl(0)), gatewayClient(stack().gatewayUrl(1))];
    [owner, creator] = await Promise.all([signup(gw[0], 'manager', { org: 'Northwind Talent' }), signup(gw[1], 'creator')]);
    manager = await signup(gw[0], 'manager');
  });

  it('lets the agency owner ask the creator by handle', async () => {
    grant = await requestGrant(gw[0], owner, creator, ['campaigns:read', 'metrics:read', 'rates:write'], {
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(grant).toMatchObject({ status: 'pending', agencyId: owner.organization!.id, creatorId: creator.user.id });
    // The creator sees it on the other gateway; the agency cannot read the creator's log yet.
    const pending = expectStatus(await gw[1].get<{ items: Grant[] }>('/v1/delegations?status=pending', { headers: bearer(creator) }), 200);
    expect(pending.body.items.map((g) => g.id)).toEqual([grant.id]);
    problemOf(await gw[0].get(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(owner) }), 404);
  });

  it('lets the creator approve with fewer scopes than asked', async () => {
    const res = await gw[1].post<Grant>(`/v1/delegations/${grant.id}/approve`, { headers: bearer(creator), json: { scopes: ['metrics:read', 'campaigns:read'], version: 1 } });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ status: 'active', scopes: ['campaigns:read', 'metrics:read'], version: 2 });
    grant = res.body;
    // The audit entry of the approval carries the trace id the creator's response named.
    const traceId = parseTraceparent(res.headers.get('traceparent'))!.traceId;
    const log = expectStatus(await gw[1].get<AuditPage>('/v1/audit', { headers: bearer(creator) }), 200).body;
    expect(log.items[0]).toMatchObject({ action: 'grant.approved', actor: { userId: creator.user.id }, onBehalfOf: creator.user.id, grantId: grant.id, traceId });
    // Named by identity: the creator acted, for the agency the grant is with.
    expect(log.items[0]).toMatchObject({ actor: { name: creator.user.name, organization: null }, organization: { id: owner.organization!.id, name: 'Northwind Talent', kind: 'agency' }, creator: { id: creator.user.id, name: creator.user.name } });
  });

  it("records the gateway's own trace in the audit log, not a trace id the client claimed", async () => {
    const other = await signup(gw[0], 'creator');
    const claimed = 'abcdef0123456789abcdef0123456789';
    const res = await gw[0].post<Grant>('/v1/delegations', {
      headers: { ...bearer(owner), traceparent: `00-${claimed}-00f067aa0ba902b7-01` },
      json: { creatorHandle: other.user.handle, scopes: ['metrics:read'] },
    });
    expectStatus(res, 201);
    // The response continues the client's trace (telemetry)…
    expect(parseTraceparent(res.headers.get('traceparent'))!.traceId).toBe(claimed);
    // …but what the log records is a trace the gateway started.
    const log = expectStatus(await gw[1].get<AuditPage>('/v1/audit', { headers: bearer(other) }), 200).body;
    expect(log.items[0]).toMatchObject({ action: 'grant.requested', onBehalfOf: other.user.id });
    expect(log.items[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(log.items[0]!.traceId).not.toBe(claimed);
  });

  it("lets the agency owner read the creator's log through the grant, on both gateways", async () => {
    for (const api of gw) {
      const page = expectStatus(await api.get<AuditPage>(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(owner) }), 200).body;
      expect(page.items.map((e) => e.action)).toEqual(['grant.approved', 'grant.requested']);
    }
    // A scope the creator withheld stays withheld: a second request while one is open is a conflict.
    problemOf(await gw[0].post('/v1/delegations', { headers: bearer(owner), json: { creatorHandle: creator.user.handle, scopes: ['rates:write'] } }), 409);
  });

  it('gives a manager without the owner/admin role 403, and a stranger 404', async () => {
    manager = await join(gw[0], owner, manager, 'manager');
    problemOf(await gw[1].get(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(manager) }), 403);
    const stranger = await signup(gw[1], 'manager', { org: 'Elsewhere' });
    problemOf(await gw[1].get(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(stranger) }), 404);
  });

  it('refuses the agency on every gateway within 1 s of the revocation', async () => {
    // Both gateways have just served the agency through the grant (their caches are warm).
    for (const api of gw) expectStatus(await api.get(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(owner) }), 200);

    const revokedAt = performance.now();
    const revoked = await gw[0].post<Grant>(`/v1/delegations/${grant.id}/revoke`, { headers: bearer(creator), json: {} });
    expectStatus(revoked, 200);
    expect(revoked.body.status).toBe('revoked');

    const refusedAfter = await Promise.all(
      gw.map(async (api) => {
        for (;;) {
          const res = await api.get(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(owner) });
          if (res.status === 404) return performance.now() - revokedAt;
          expectStatus(res, 200);
          if (performance.now() - revokedAt > 5_000) throw new Error('still allowed 5 s after revocation');
        }
      }),
    );
    console.info(`revocation refused on gateway 0 after ${refusedAfter[0]!.toFixed(1)} ms, gateway 1 after ${refusedAfter[1]!.toFixed(1)} ms`);
    for (const ms of refusedAfter) expect(ms).toBeLessThan(1_000);

    // And it stays refused, on both, while the creator still reads their own log.
    for (const api of gw) problemOf(await api.get(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(owner) }), 404);
    const log = expectStatus(await gw[1].get<AuditPage>(`/v1/audit?creatorId=${creator.user.id}`, { headers: bearer(creator) }), 200).body;
    expect(log.items.map((e) => e.action)).toEqual(['grant.revoked', 'grant.approved', 'grant.requested']);
    const listed = expectStatus(await gw[1].get<{ items: Grant[] }>('/v1/delegations?status=revoked', { headers: bearer(owner) }), 200).body;
    expect(listed.items.map((g) => g.id)).toEqual([grant.id]);
  });
});
