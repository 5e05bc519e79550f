import { gatewayClient, type GatewayClient, type GatewayResponse } from '../support/http.js';
import { useStack } from '../support/stack.js';
import {
  insiderActor,
  methodOf,
  OUTSIDERS,
  PUBLIC_ROUTES,
  ROUTE_MATRIX,
  buildWorld,
  invalidRequest,
  victimIds,
  type Outsider,
  type RequestSpec,
  type RouteCase,
  type World,
} from './route-matrix.js';
import { bearer, databaseSnapshot, eventsSettled, expectStatus, outboxDrained, problemOf, ROOMY_LIMITS, type Actor } from './support.js';

/**
 * Runs route-matrix.ts against the whole platform: every route × every outsider gets its
 * 401/403/404 (a 404 identical to an unknown id's), tenant members without the role or scope
 * get 403, and not one row of any service's schema changes.
 */
describe('authorization matrix over every gateway route', () => {
  const stack = useStack({ env: ROOMY_LIMITS });
  let api: GatewayClient;
  let w: World;

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    w = await buildWorld(api, stack());
  }, 120_000);

  const send = (c: RouteCase, spec: RequestSpec, actor?: Actor): Promise<GatewayResponse<unknown>> =>
    api.request(methodOf(c.route), spec.path, {
      headers: actor ? bearer(actor) : {},
      ...(spec.body !== undefined ? { json: spec.body } : {}),
    });
  const actorOf = (who: Outsider) => (who === 'anonymous' ? undefined : w.outsiders[who]);

  it('lists every route the gateway serves (OpenAPI), and nothing it does not', async () => {
    const doc = expectStatus(await api.get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json'), 200).body;
    const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const listed = new Set([...ROUTE_MATRIX.map((c) => c.route), ...Object.keys(PUBLIC_ROUTES)]);
    expect(served.filter((r) => !listed.has(r))).toEqual([]);
    expect([...listed].filter((r) => !served.includes(r))).toEqual([]);
    // Every protected route is documented as such.
    for (const c of ROUTE_MATRIX) {
      const [method, path] = c.route.split(' ');
      expect({ route: c.route, security: (doc.paths[path!]![method!.toLowerCase()] as { security?: unknown }).security }).toEqual({
        route: c.route,
        security: [c.apiKey ? { apiKey: [] } : { bearer: [] }],
      });
    }
  });

  describe.each(ROUTE_MATRIX.map((c) => [`${c.route}${c.variant ? ` (${c.variant})` : ''}`, c] as const))('%s', (_name, c) => {
    it('refuses every outsider (401/403/404) and changes nothing', async () => {
      const before = await databaseSnapshot(stack().db.url);
      const spec = c.request(w);
      for (const who of OUTSIDERS) {
        const expected = c.outsiders[who];
        if (typeof expected === 'object' && 'skip' in expected) continue;
        const res = await send(c, spec, actorOf(who));
        const label = `${c.route} as ${who}`;
        if (typeof expected === 'number') {
          expectStatus(res, expected, label);
          const problem = problemOf(res, expected);
          if (expected === 401) expect(res.headers.get('www-authenticate')).toMatch(c.apiKey ? /^ApiKey/ : /^Bearer/);
          if (expected === 404) {
            // "Not yours" and "does not exist" must be indistinguishable.
            expect(c.unknown).toBeDefined();
            expect(problemOf(await send(c, c.unknown!(w), actorOf(who)), 404)).toEqual(problem);
          }
          // Authorize, then validate: an invalid request gets the same refusal, never a 400.
          const invalid = await send(c, invalidRequest(c, spec), actorOf(who));
          expectStatus(invalid, expected, `${label} with an invalid ${methodOf(c.route) === 'GET' || methodOf(c.route) === 'DELETE' ? 'query' : 'body'}`);
          problemOf(invalid, expected);
        } else {
          expectStatus(res, expected.own, label);
          for (const id of victimIds(w)) {
            if (res.text.includes(id)) throw new Error(`${label} answered with the victim's ${id}: ${res.text.slice(0, 300)}`);
          }
        }
      }
      await outboxDrained(stack().db.url);
      expect(await databaseSnapshot(stack().db.url)).toEqual(before);
    }, 60_000); // several outsiders, each checked with a snapshot of every schema before and after

    if (c.forbidden?.length) {
      it(`answers 403 to tenant members without the role or scope (${c.forbidden.join(', ')}) and changes nothing`, async () => {
        const before = await databaseSnapshot(stack().db.url);
        for (const who of c.forbidden!) {
          const res = await send(c, c.request(w), insiderActor(w, who));
          expectStatus(res, 403, `${c.route} as ${who}`);
          problemOf(res, 403);
          const invalid = await send(c, invalidRequest(c, c.request(w)), insiderActor(w, who));
          expectStatus(invalid, 403, `${c.route} as ${who} with an invalid request`);
          problemOf(invalid, 403);
        }
        await outboxDrained(stack().db.url);
        expect(await databaseSnapshot(stack().db.url)).toEqual(before);
      });
    }

    if (c.allowed) {
      it(`answers ${c.allowed.who} an invalid request with 400 (control: the invalid request is invalid)`, async () => {
        const res = await send(c, invalidRequest(c, c.request(w)), insiderActor(w, c.allowed!.who));
        expectStatus(res, 400, `${c.route} as ${c.allowed!.who} with an invalid request`);
        problemOf(res, 400);
      });

      it(`serves ${c.allowed.who} (control)`, async () => {
        expectStatus(await send(c, c.request(w), insiderActor(w, c.allowed!.who)), c.allowed!.status, `${c.route} as ${c.allowed!.who}`);
        // The next case snapshots the database: let this write's events finish landing first.
        await eventsSettled(stack().nats, stack().db.url);
      });
    }
  });
});
