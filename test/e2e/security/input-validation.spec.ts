import { gatewayClient, type GatewayClient, type GatewayResponse, type Problem } from '../support/http.js';
import { useStack } from '../support/stack.js';
import { approveGrant, bearer, databaseSnapshot, expectStatus, outboxDrained, problemOf, requestGrant, ROOMY_LIMITS, signup, unique, type Actor, type Grant } from './support.js';

type FieldProblem = Problem & { errors?: { path: string; message: string }[] };

const SQL = "' OR 1=1 --";
const NOSQL = { $gt: '' };

/**
 * Hostile and broken input on the identity and delegation routes: every refusal is a 400
 * problem+json naming the fields (413/415 for size and type), nothing reaches a query as
 * code, and free text that merely looks like an injection is stored as the text it is.
 */
describe('input validation', () => {
  const stack = useStack({ services: ['identity'], env: ROOMY_LIMITS });
  let api: GatewayClient;
  let owner: Actor;
  let creator: Actor;
  let grant: Grant;

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    [owner, creator] = await Promise.all([signup(api, 'manager', { org: 'Input Agency' }), signup(api, 'creator')]);
    grant = await approveGrant(api, creator, (await requestGrant(api, owner, creator, ['metrics:read'])).id);
    await outboxDrained(stack().db.url);
  });

  function fieldErrors(res: GatewayResponse<unknown>, ...paths: string[]) {
    problemOf(res, 400);
    const errors = (res.body as FieldProblem).errors ?? [];
    for (const path of paths) expect(errors.map((e) => e.path)).toContain(path);
    return errors;
  }

  /** Every request in `work` is refused and no row of any service changes. */
  async function unchanged(work: () => Promise<void>) {
    const before = await databaseSnapshot(stack().db.url);
    await work();
    await outboxDrained(stack().db.url);
    expect(await databaseSnapshot(stack().db.url)).toEqual(before);
  }

  const signupBody = (over: Record<string, unknown> = {}) => ({
    email: `input-${unique()}@example.com`,
    password: 'a-long-enough-password',
    name: 'Input Tester',
    kind: 'manager',
    ...over,
  });

  it('answers malformed JSON, a non-JSON body and an oversized body with 400, 415 and 413', async () => {
    await unchanged(async () => {
      problemOf(await api.post('/v1/auth/signup', { rawBody: '{"email": "a@example.com", "password": ' }), 400);
      problemOf(await api.post('/v1/auth/login', { rawBody: '[1, 2' }), 400);
      problemOf(await api.post('/v1/delegations', { headers: bearer(owner), rawBody: 'creatorHandle=x' }), 400);
      problemOf(await api.post('/v1/auth/login', { rawBody: 'email=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
      problemOf(await api.post('/v1/auth/signup', { json: signupBody({ name: 'x'.repeat(70 * 1024) }) }), 413);
      problemOf(await api.post('/v1/delegations', { headers: bearer(owner), json: { creatorHandle: creator.user.handle, scopes: ['metrics:read'], pad: 'x'.repeat(65 * 1024) } }), 413);
    });
  });

  it('refuses unknown fields by name, at any depth', async () => {
    await unchanged(async () => {
      const errors = fieldErrors(await api.post('/v1/auth/signup', { json: signupBody({ role: 'owner', isAdmin: true }) }), 'role', 'isAdmin');
      expect(errors.find((e) => e.path === 'isAdmin')?.message).toBe('Unknown field');
      fieldErrors(await api.post('/v1/auth/signup', { json: signupBody({ organization: { name: 'X', ownerId: owner.user.id } }) }), 'organization.ownerId');
      // Identity never comes from a body: naming another agency or user is refused, not obeyed.
      fieldErrors(await api.post('/v1/delegations', { headers: bearer(owner), json: { creatorHandle: creator.user.handle, scopes: ['metrics:read'], agencyId: owner.organization!.id } }), 'agencyId');
      fieldErrors(await api.post(`/v1/delegations/${grant.id}/revoke`, { headers: bearer(owner), json: { userId: creator.user.id } }), 'userId');
      fieldErrors(await api.get('/v1/delegations?status=active&owner=me', { headers: bearer(owner) }), 'owner');
    });
  });

  it('refuses wrong types and NoSQL-style operator objects with field errors', async () => {
    await unchanged(async () => {
      fieldErrors(await api.post('/v1/auth/login', { json: { email: NOSQL, password: NOSQL } }), 'email', 'password');
      fieldErrors(await api.post('/v1/auth/login', { json: { email: ['a@example.com'], password: 1 } }), 'email', 'password');
      fieldErrors(await api.post('/v1/auth/refresh', { json: { refreshToken: { $ne: null } } }), 'refreshToken');
      fieldErrors(await api.post('/v1/delegations', { headers: bearer(owner), json: { creatorHandle: NOSQL, scopes: [{ $in: ['rates:write'] }] } }), 'creatorHandle', 'scopes.0');
      fieldErrors(await api.post('/v1/delegations', { headers: bearer(owner), json: { creatorHandle: creator.user.handle, scopes: ['metrics:read', 'admin:all'] } }), 'scopes.1');
      fieldErrors(await api.post('/v1/delegations', { headers: bearer(owner), json: { creatorHandle: creator.user.handle, scopes: [] } }), 'scopes');
      fieldErrors(await api.post(`/v1/delegations/${grant.id}/revoke`, { headers: bearer(owner), json: { version: '1; drop table' } }), 'version');
      fieldErrors(await api.get('/v1/delegations?status[$ne]=revoked', { headers: bearer(owner) }), 'status[$ne]');
      fieldErrors(await api.get('/v1/delegations?limit=1;DROP%20TABLE%20users', { headers: bearer(owner) }), 'limit');
      fieldErrors(await api.get('/v1/delegations?limit=100000', { headers: bearer(owner) }), 'limit');
    });
  });

  it('refuses SQL-looking strings where a value has a format: emails, handles, ids, cursors', async () => {
    await unchanged(async () => {
      fieldErrors(await api.post('/v1/auth/login', { json: { email: SQL, password: SQL } }), 'email');
      fieldErrors(await api.post('/v1/auth/signup', { json: signupBody({ email: `a${SQL}@example.com` }) }), 'email');
      fieldErrors(await api.post('/v1/auth/signup', { json: signupBody({ kind: 'creator', handle: "ada'; drop table users; --" }) }), 'handle');
      fieldErrors(await api.post('/v1/delegations', { headers: bearer(owner), json: { creatorHandle: SQL, scopes: ['metrics:read'] } }), 'creatorHandle');
      fieldErrors(await api.post(`/v1/delegations/${encodeURIComponent(SQL)}/approve`, { headers: bearer(creator), json: {} }), 'id');
      fieldErrors(await api.get(`/v1/delegations/${encodeURIComponent("1' OR '1'='1")}`, { headers: bearer(owner) }), 'id');
      fieldErrors(await api.get(`/v1/audit?creatorId=${encodeURIComponent(SQL)}`, { headers: bearer(owner) }), 'creatorId');
      fieldErrors(await api.get(`/v1/orgs/${encodeURIComponent(SQL)}/members`, { headers: bearer(owner) }), 'orgId');
      fieldErrors(await api.get(`/v1/delegations?cursor=${encodeURIComponent(SQL)}`, { headers: bearer(owner) }), 'cursor');
      fieldErrors(await api.get(`/v1/audit?cursor=${Buffer.from(JSON.stringify(NOSQL)).toString('base64url')}`, { headers: bearer(creator) }), 'cursor');
    });
  });

  it('refuses weak passwords and control characters in names', async () => {
    await unchanged(async () => {
      fieldErrors(await api.post('/v1/auth/signup', { json: signupBody({ password: 'short' }) }), 'password');
      fieldErrors(await api.post('/v1/auth/signup', { json: signupBody({ name: 'Bobby\u0000Tables' }) }), 'name');
      fieldErrors(await api.post('/v1/auth/signup', { json: signupBody({ kind: 'creator' }) }), 'handle');
      fieldErrors(await api.post('/v1/auth/signup', { json: signupBody({ kind: 'superuser' }) }), 'kind');
    });
  });

  it('stores free text that looks like an injection as plain text', async () => {
    const name = `Robert'); DROP TABLE users; -- ${JSON.stringify(NOSQL)} ${SQL}`;
    const res = await api.post<Actor>('/v1/auth/signup', { json: signupBody({ name, organization: { name: "O'Brien & Sons ' OR 1=1 --" } }) });
    expectStatus(res, 201);
    const me = expectStatus(await api.get<Actor>('/v1/me', { headers: bearer(res.body) }), 200).body;
    expect(me.user.name).toBe(name);
    expect(me.organization!.name).toBe("O'Brien & Sons ' OR 1=1 --");
    // The other tenants are still there.
    expectStatus(await api.get('/v1/me', { headers: bearer(owner) }), 200);
  });
});
