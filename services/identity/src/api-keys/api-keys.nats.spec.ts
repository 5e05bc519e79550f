import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { accessTokenClaimsSchema, apiKeyContracts as k, identityContracts as c, principalFromClaims } from '#libs/contracts';
import { bootService, appErrorOf, type ServiceUnderTest } from '#libs/testing';
import { identityApp } from '../identity.app.js';

/** API keys over identity's NATS subjects, against a real nats-server and PostgreSQL. */
describe('identity API keys (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  const adminEmail = `ops-${randomUUID().slice(0, 8)}@example.com`;
  const listerEmail = `lister-${randomUUID().slice(0, 8)}@example.com`;

  beforeAll(async () => {
    sut = await bootService(identityApp, { PLATFORM_ADMINS: `someone@example.com, ${adminEmail.toUpperCase()},${listerEmail}`, SIGNUP_MAX_PER_IP: '1000' });
  }, 60_000);
  afterAll(async () => sut?.close());

  const signup = async (email: string) => {
    const session = await sut.client.request(c.signup, { email, password: 'a-long-enough-password', name: 'Ops', kind: 'manager', clientIp: null });
    return principalFromClaims(accessTokenClaimsSchema.parse(decodeJwt(session.accessToken)));
  };
  const code = async (p: Promise<unknown>) => (await appErrorOf(p)).code;

  it('lets a platform operator issue a key shown once and stored hashed, and revoke it (then it stops verifying)', async () => {
    const admin = await signup(adminEmail);
    const created = await sut.client.request(k.create, { name: 'connector', scopes: ['metrics:ingest'] }, { principal: admin });
    expect(created).toMatchObject({ name: 'connector', scopes: ['metrics:ingest'], revokedAt: null, key: expect.stringMatching(/^tpk_/) });
    expect(await sut.client.request(k.verify, { key: created.key })).toEqual({ keyId: created.id, scopes: ['metrics:ingest'] });

    const db = await sut.sql();
    const { rows } = await db.query('select * from identity.api_keys where id = $1', [created.id]);
    expect(JSON.stringify(rows)).not.toContain(created.key.split('.')[1]);
    const audit = await db.query('select action from identity.audit_log where target_id = $1 order by at', [created.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['api-key.created']);

    expect(await code(sut.client.request(k.verify, { key: created.key.slice(0, -1) + (created.key.endsWith('A') ? 'B' : 'A') }))).toBe('unauthenticated');
    const revoked = await sut.client.request(k.revoke, { keyId: created.id }, { principal: admin });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await code(sut.client.request(k.verify, { key: created.key }))).toBe('unauthenticated');
    expect(await code(sut.client.request(k.revoke, { keyId: randomUUID() }, { principal: admin }))).toBe('not_found');
  });

  it('lists keys newest first, revoked ones included, without any secret; /me names the operator', async () => {
    const operator = await signup(listerEmail);
    const other = await signup(`dev-${randomUUID().slice(0, 8)}@example.com`);
    expect(await sut.client.request(c.me, {}, { principal: other })).toMatchObject({ platformOperator: false });
    expect(await sut.client.request(c.me, {}, { principal: operator })).toMatchObject({ platformOperator: true });
    const older = await sut.client.request(k.create, { name: 'older', scopes: ['metrics:ingest'] }, { principal: operator });
    const newer = await sut.client.request(k.create, { name: 'newer', scopes: ['metrics:ingest', 'metrics:read'] }, { principal: operator });
    await sut.client.request(k.revoke, { keyId: older.id }, { principal: operator });
    const all = await sut.client.request(k.list, { limit: 200 }, { principal: operator });
    const times = all.items.map((i) => i.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.items.find((i) => i.id === older.id)).toMatchObject({ name: 'older', revokedAt: expect.any(String) });
    expect(all.items.find((i) => i.id === newer.id)).toMatchObject({ name: 'newer', revokedAt: null });
    // Page by page, the same keys in the same order.
    const first = await sut.client.request(k.list, { limit: 1 }, { principal: operator });
    const rest = await sut.client.request(k.list, { limit: 200, cursor: first.nextCursor! }, { principal: operator });
    expect([...first.items, ...rest.items]).toEqual(all.items);
    const listed = JSON.stringify([first, rest]);
    for (const key of [older.key, newer.key]) expect(listed).not.toContain(key.split('.')[1]);
  });

  it('refuses anyone else', async () => {
    const other = await signup(`dev-${randomUUID().slice(0, 8)}@example.com`);
    expect(await code(sut.client.request(k.create, { name: 'mine', scopes: ['metrics:ingest'] }, { principal: other }))).toBe('forbidden');
    expect(await code(sut.client.request(k.revoke, { keyId: randomUUID() }, { principal: other }))).toBe('forbidden');
    expect(await code(sut.client.request(k.list, { limit: 50 }, { principal: other }))).toBe('forbidden');
    expect(await code(sut.client.request(k.create, { name: 'anon', scopes: ['metrics:ingest'] }))).toBe('unauthenticated');
  });
});
