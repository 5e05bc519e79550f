import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { decodeJwt } from 'jose';
import { AppError, accessTokenClaimsSchema, identityContracts as c, principalFromClaims, type Principal } from '#libs/contracts';
import { MikroORM } from '@mikro-orm/postgresql';
import { pruneProcessedCommands } from '#libs/service-defaults';
import { bootService, eventually, type ServiceUnderTest } from '#libs/testing';
import { identityApp } from './identity.app.js';

/**
 * A command retried with the same idempotency key — as the gateway does after its call timed
 * out — returns the first result and has its effect once, even when the first attempt
 * committed after the caller had given up on it.
 */
describe('idempotent commands (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  let db: pg.Client;
  beforeAll(async () => {
    sut = await bootService(identityApp, { LOGIN_MAX_PER_IP: '1000', SIGNUP_MAX_PER_IP: '1000' });
    db = new pg.Client({ connectionString: sut.db.url });
    await db.connect();
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await sut?.close();
  });

  const unique = () => randomUUID().slice(0, 8);
  const signupPayload = (kind: 'creator' | 'manager', extra: Record<string, unknown> = {}) => {
    const id = unique();
    return {
      email: `${kind}-${id}@example.com`,
      password: `pw-${id}-long-enough`,
      name: `${kind} ${id}`,
      kind,
      clientIp: null,
      ...(kind === 'creator' ? { handle: `c_${id}` } : {}),
      ...extra,
    };
  };
  const signup = async (kind: 'creator' | 'manager', extra: Record<string, unknown> = {}) => {
    const s = await sut.client.request(c.signup, signupPayload(kind, extra));
    return { ...s, principal: principalFromClaims(accessTokenClaimsSchema.parse(decodeJwt(s.accessToken))) as Principal };
  };
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected a failure');
      },
      (err: unknown) => {
        expect(err).toBeInstanceOf(AppError);
        return err as AppError;
      },
    );
  const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0]!.n;

  /** Holds a lock that makes the service's transaction wait until `release` (the reply then misses a short deadline). */
  async function blockTable(table: string) {
    const blocker = new pg.Client({ connectionString: sut.db.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query(`lock table identity.${table} in exclusive mode`);
    return async () => {
      await blocker.query('commit');
      await blocker.end();
    };
  }

  it('approves a grant once when the retry follows a reply that missed the deadline', async () => {
    const agency = await signup('manager', { organization: { name: 'Retriers' } });
    const creator = await signup('creator');
    const grant = await sut.client.request(c.grantsRequest, { creatorHandle: creator.user.handle!, scopes: ['metrics:read'] }, { principal: agency.principal });
    const key = randomUUID();

    const release = await blockTable('delegation_grants');
    const timedOut = await failure(sut.client.request(c.grantsApprove, { grantId: grant.id }, { principal: creator.principal, idempotencyKey: key, timeoutMs: 300 }));
    expect(timedOut.code).toBe('timeout');
    await release();
    // The first attempt commits after its caller gave up.
    await eventually(async () => (await count('identity.delegation_grants where id = $1 and status = $2', [grant.id, 'active'])) === 1);

    const retried = await sut.client.request(c.grantsApprove, { grantId: grant.id }, { principal: creator.principal, idempotencyKey: key });
    expect(retried).toMatchObject({ id: grant.id, status: 'active', version: 2 });
    expect(await count('identity.audit_log where grant_id = $1 and action = $2', [grant.id, 'grant.approved'])).toBe(1);
    expect(await count(`identity.outbox where subject = $1 and envelope->'payload'->>'grantId' = $2`, ['identity.evt.grant.activated.v1', grant.id])).toBe(1);

    // Without the key the same command is a new one, refused by the grant's state.
    expect((await failure(sut.client.request(c.grantsApprove, { grantId: grant.id }, { principal: creator.principal }))).code).not.toBe('timeout');
  });

  it('signs up once for an anonymous caller whose first reply was lost, returning the same session', async () => {
    const payload = signupPayload('creator');
    const key = randomUUID();
    const release = await blockTable('users');
    expect((await failure(sut.client.request(c.signup, payload, { idempotencyKey: key, timeoutMs: 300 }))).code).toBe('timeout');
    await release();
    await eventually(async () => (await count('identity.users where email = $1', [payload.email])) === 1);

    const first = await sut.client.request(c.signup, payload, { idempotencyKey: key });
    const again = await sut.client.request(c.signup, payload, { idempotencyKey: key });
    expect(again).toEqual(first);
    expect(first.user.email).toBe(payload.email);
    expect(await count('identity.users where email = $1', [payload.email])).toBe(1);
    // A different key is a different command: the email is taken by now.
    expect((await failure(sut.client.request(c.signup, payload, { idempotencyKey: randomUUID() }))).code).toBe('conflict');
  });

  it('runs concurrent duplicates once and gives both the first result', async () => {
    const agency = await signup('manager', { organization: { name: 'Racers' } });
    const creator = await signup('creator');
    const key = randomUUID();
    const send = () => sut.client.request(c.grantsRequest, { creatorHandle: creator.user.handle!, scopes: ['metrics:read'] }, { principal: agency.principal, idempotencyKey: key });
    const results = await Promise.all([send(), send(), send()]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await count('identity.delegation_grants where creator_id = $1', [creator.user.id])).toBe(1);
    expect(await count('identity.audit_log where on_behalf_of = $1 and action = $2', [creator.user.id, 'grant.requested'])).toBe(1);
  });

  it('refuses a key reused for another request, and keeps keys apart per caller', async () => {
    const agency = await signup('manager', { organization: { name: 'Reusers' } });
    const other = await signup('manager', { organization: { name: 'Others' } });
    const [creatorA, creatorB] = [await signup('creator'), await signup('creator')];
    const key = randomUUID();
    await sut.client.request(c.grantsRequest, { creatorHandle: creatorA.user.handle!, scopes: ['metrics:read'] }, { principal: agency.principal, idempotencyKey: key });
    const reused = await failure(
      sut.client.request(c.grantsRequest, { creatorHandle: creatorB.user.handle!, scopes: ['metrics:read'] }, { principal: agency.principal, idempotencyKey: key }),
    );
    expect(reused.code).toBe('unprocessable');
    // Another caller's identical key names their own command.
    const theirs = await sut.client.request(c.grantsRequest, { creatorHandle: creatorA.user.handle!, scopes: ['metrics:read'] }, { principal: other.principal, idempotencyKey: key });
    expect(theirs.agencyId).toBe(other.organization!.id);
  });

  it('forgets command results after the retention, and only those', async () => {
    const insert = (key: string, age: string) =>
      db.query(`insert into identity.processed_commands (subject, principal_id, idempotency_key, request_hash, result, processed_at) values ('s', '', $1, 'h', 'null', now() - $2::interval)`, [key, age]);
    const [old, recent] = [randomUUID(), randomUUID()];
    await insert(old, '200 hours');
    await insert(recent, '1 hour');
    await pruneProcessedCommands(sut.service.app.get(MikroORM).em, 'identity', 168 * 3_600_000);
    const { rows } = await db.query('select idempotency_key from identity.processed_commands where idempotency_key = any($1)', [[old, recent]]);
    expect(rows.map((r) => r.idempotency_key)).toEqual([recent]);
  });
});
