import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { allRoutes, routeKey, type RouteDeclaration } from '../../../services/gateway/src/routes/index.js';
import { clientSource, requestShape, suppliedFields } from '../../../services/gateway/src/routes/route-input.js';
import { gatewayClient, type GatewayClient, type GatewayResponse, type Problem } from '../support/http.js';
import { useStack } from '../support/stack.js';
import { buildWorld, insiderActor, ROUTE_MATRIX, type Insider, type World } from './route-matrix.js';
import { bearer, expectStatus, problemOf, ROOMY_LIMITS, type Actor } from './support.js';

/**
 * Every string a client can send, found by walking each route's request schema (the route
 * table, not a hand list), gets a NUL: the answer is a 400 problem naming the field, never a
 * 500. Text fields are told apart from ids, codes, dates and links by their schema: a string
 * with a format, a pattern or an enum is not free text; a free-text one must carry the shared
 * text rule (`x-text`), whose refusal names the character. Names and handles also refuse a
 * bidirectional override. Secrets (format password) are compared, never stored or shown.
 */

type Kind = 'multi-line' | 'single-line' | 'handle' | 'formatted' | 'secret' | 'plain';
interface StringField {
  path: (string | number)[];
  kind: Kind;
}

type JsonSchema = {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  'x-text'?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

function kindOf(s: JsonSchema): Kind {
  if (s.format === 'password') return 'secret';
  if (s['x-text'] === 'multi-line' || s['x-text'] === 'single-line' || s['x-text'] === 'handle') return s['x-text'];
  if (s.format || s.pattern || s.enum || s.const !== undefined) return 'formatted';
  return 'plain';
}

function walk(s: JsonSchema | undefined, path: (string | number)[], out: Map<string, StringField>): void {
  if (!s || typeof s !== 'object') return;
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(branch, path, out);
  if (s.properties) for (const [name, child] of Object.entries(s.properties)) walk(child, [...path, name], out);
  if (s.type === 'array') walk(s.items, [...path, 0], out);
  if (s.type === 'string') out.set(path.join('.'), { path, kind: kindOf(s) });
}

/** The string fields a client sends to a route (not those the path or the gateway supply). */
function stringFields(r: RouteDeclaration): StringField[] {
  const supplied = new Set(suppliedFields(r));
  const shape = Object.fromEntries(Object.entries(requestShape(r)).filter(([name]) => !supplied.has(name)));
  const json = z.toJSONSchema(z.object(shape), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const out = new Map<string, StringField>();
  walk(json, [], out);
  return [...out.values()];
}

const ROUTES = allRoutes()
  .map((r) => ({ r, key: routeKey(r), fields: stringFields(r).filter((f) => f.kind !== 'secret') }))
  .filter(({ fields }) => fields.length > 0);

function withValue(base: unknown, path: (string | number)[], value: string): Record<string, unknown> {
  const root: Record<string, unknown> = structuredClone((base && typeof base === 'object' ? base : {}) as Record<string, unknown>);
  let node: Record<string | number, unknown> = root;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (!next || typeof next !== 'object') node[segment] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[segment] as Record<string | number, unknown>;
  });
  return root;
}

const OPERATOR = `operator-${randomUUID()}@example.com`;
const CANDIDATES: Insider[] = ['agencyOwner', 'creator', 'brandOwner', 'agencyAdmin', 'agencyManager'];

describe('text hygiene on every string field of the public API', () => {
  const stack = useStack({ env: { ...ROOMY_LIMITS, PLATFORM_ADMINS: OPERATOR } });
  let api: GatewayClient;
  let w: World;
  let operator: Actor;
  /** Per route, the caller that gets past authorization (so validation answers). */
  const callers = new Map<string, Actor | undefined>();

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    w = await buildWorld(api, stack());
    const res = await api.post<Actor>('/v1/auth/signup', { json: { email: OPERATOR, password: `pw-${randomUUID()}`, name: 'Operator', kind: 'manager' } });
    operator = expectStatus(res, 201, 'operator signup').body;
  }, 180_000);

  it('finds the text fields it is about (the walk is not empty)', () => {
    const keys = ROUTES.flatMap(({ key, fields }) => fields.map((f) => `${key} ${f.path.join('.')}`));
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /v1/campaigns name',
        'POST /v1/campaigns brief',
        'POST /v1/offers/{id}/messages body',
        'POST /v1/offers/{id}/proposals terms.paymentTerms.milestones.0.name',
        'POST /v1/auth/signup organization.name',
        'PATCH /v1/creators/{creatorId}/profile bio',
        'POST /v1/api-keys name',
      ]),
    );
  });

  it('has no plain string field: each is free text under the shared rule, or has a format, pattern or enum', () => {
    const plain = ROUTES.flatMap(({ key, fields }) => fields.filter((f) => f.kind === 'plain').map((f) => `${key} ${f.path.join('.')}`));
    expect(plain).toEqual([]);
  });

  /** The request of a route with `value` at `path`: the matrix's valid request for the route, or the route's bare path. */
  function requestWith(r: RouteDeclaration, path: (string | number)[], value: string): { path: string; body?: unknown } {
    const spec = ROUTE_MATRIX.find((c) => c.route === routeKey(r))?.request(w) ?? { path: r.path };
    if (clientSource(r) === 'query') {
      const url = new URL(spec.path, 'http://gateway');
      url.searchParams.set(String(path[0]), value);
      return { path: `${url.pathname}${url.search}` };
    }
    return { path: spec.path, body: withValue(spec.body, path, value) };
  }

  async function send(r: RouteDeclaration, field: StringField, value: string, actor: Actor | undefined): Promise<GatewayResponse<unknown>> {
    const spec = requestWith(r, field.path, value);
    return api.request(r.method, spec.path, { headers: actor ? bearer(actor) : {}, ...(spec.body !== undefined ? { json: spec.body } : {}) });
  }

  /** The first caller the route does not refuse (anyone for public routes; the operator for API keys). */
  async function callerFor(r: RouteDeclaration, field: StringField): Promise<Actor | undefined> {
    const key = routeKey(r);
    if (callers.has(key)) return callers.get(key);
    if ('public' in r.auth) return undefined;
    for (const actor of [...CANDIDATES.map((who) => insiderActor(w, who)), w.pendingCreator, operator]) {
      const res = await send(r, field, '\u0000', actor);
      if (![401, 403, 404].includes(res.status)) {
        callers.set(key, actor);
        return actor;
      }
    }
    throw new Error(`no caller in the world gets past authorization on ${key}`);
  }

  const errorsAt = (res: GatewayResponse<unknown>, path: string) => ((res.body as Problem & { errors?: { path: string; message: string }[] }).errors ?? []).filter((e) => e.path === path);

  describe.each(ROUTES.map(({ r, key, fields }) => [key, r, fields] as const))('%s', (_key, r, fields) => {
    it.each(fields.map((f) => [f.path.join('.'), f] as const))('refuses a NUL in %s with a 400 naming the field', async (path, field) => {
      const res = await send(r, field, `text\u0000more`, await callerFor(r, field));
      problemOf(res, 400);
      const errors = errorsAt(res, path);
      expect(errors.length).toBeGreaterThan(0);
      if (field.kind === 'multi-line' || field.kind === 'single-line') expect(errors.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringContaining('U+0000 (NUL)')]));
    });

    const names = fields.filter((f) => f.kind === 'single-line' || f.kind === 'handle');
    if (names.length > 0) {
      it.each(names.map((f) => [f.path.join('.'), f] as const))('refuses a right-to-left override in the name %s', async (path, field) => {
        const res = await send(r, field, 'Evil\u202Egnp.exe', await callerFor(r, field));
        problemOf(res, 400);
        const errors = errorsAt(res, path);
        expect(errors.length).toBeGreaterThan(0);
        if (field.kind === 'single-line') expect(errors.map((e) => e.message)).toContain('U+202E (right-to-left override) is not allowed in a name');
      });
    }
  });
});
