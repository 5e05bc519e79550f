import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { healthContracts, schemaOf, type BackendService, type Principal } from '#libs/contracts';
import { encodeRequestFrame, PrincipalSigner, RequestClient } from '#libs/messaging';
import { startService, type RunningService, type ServiceDefinition } from '#libs/service-defaults';
import { createTestDatabase, withPgClient, type TestDatabase } from './database.js';
import { startNatsServer, type NatsServerHandle } from './nats-server.js';

export interface ServiceUnderTest {
  service: RunningService;
  nats: NatsServerHandle;
  db: TestDatabase;
  /** A separate client connection with the gateway's credentials and principal key, as the gateway calls. */
  client: RequestClient;
  clientConnection: NatsConnection;
  /** Unrestricted test-only connection, for inspecting streams the gateway may not read. */
  adminConnection: NatsConnection;
  /** The service's own database connection URL (its runtime role's, when it has one). */
  serviceDbUrl: string;
  /**
   * One connection to the test database as its owner, for a spec to inspect or arrange rows
   * (and to run a transaction of its own on): made on first use, ended by `close()`.
   */
  sql(): Promise<pg.Client>;
  close(): Promise<void>;
}

/**
 * Boots one service in-process against a private NATS server and a fresh database. With
 * `runtimeRole`, the service migrates as the database owner and runs as a role of its own
 * that owns nothing, as production should.
 */
export async function bootService(def: ServiceDefinition<any>, env: Record<string, string> = {}, opts: { runtimeRole?: boolean } = {}): Promise<ServiceUnderTest> {
  const [nats, db] = await Promise.all([startNatsServer(), createTestDatabase()]);
  const database = opts.runtimeRole ? { DATABASE_URL: await db.createRuntimeRole(), DATABASE_MIGRATION_URL: db.url } : { DATABASE_URL: db.url };
  const service = await startService({
    ...def,
    env: { ...nats.envFor(def.name), ...database, HTTP_PORT: '0', GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0', LOG_LEVEL: 'silent', ...env },
  });
  // Service specs publish other services' events and connectors' commands as fixtures, and
  // inspect streams: that needs the test administrator (bus-trust.spec checks the principals).
  const adminConnection = await nats.connect();
  const clientConnection = adminConnection;
  let sql: Promise<pg.Client> | undefined;
  return {
    service,
    nats,
    db,
    client: gatewayClient(nats, clientConnection),
    clientConnection,
    adminConnection,
    serviceDbUrl: database.DATABASE_URL,
    sql() {
      sql ??= (async () => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        return client;
      })();
      return sql;
    },
    async close() {
      await (await sql?.catch(() => undefined))?.end();
      await service.close();
      await adminConnection.close();
      await Promise.all([nats.stop(), db.drop()]);
    },
  };
}

/**
 * The principal inside a forwarded `tp-principal` token, unverified: for test doubles standing
 * in for a service (the real services verify it).
 */
export function principalOfToken(token: string): Principal {
  return (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { p: Principal }).p;
}

/**
 * A request client that calls and signs principals as the gateway does. Its deadline is
 * roomy: under a loaded CI machine a password hash alone can take a second, and a test that
 * means to see a timeout passes its own `timeoutMs`.
 */
export function gatewayClient(nats: NatsServerHandle, nc: NatsConnection, timeoutMs = 10_000): RequestClient {
  const key = nats.credentials?.signingKeys.gateway;
  return new RequestClient(nc, timeoutMs, key ? new PrincipalSigner(key) : undefined);
}

/** Tables the service created in the schema it owns. */
export async function tablesOf(db: TestDatabase, service: BackendService): Promise<string[]> {
  return withPgClient(db.url, async (client) => {
    const { rows } = await client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by table_name',
      [schemaOf(service)],
    );
    return rows.map((r) => r.table_name);
  });
}

/**
 * The checks every backend service owes its operators, shared so each service's own
 * spec states them in one line: it migrates its own schema, answers its health subject
 * over NATS within the contract, and serves probes and Prometheus metrics over HTTP.
 */
/**
 * `immutableTables`: records the service keeps append-only (a trigger refuses changes). The
 * service then boots as a runtime role that owns nothing, as deployments run it, and the
 * foundation proves that role can add to those tables but never change, empty or unguard them.
 */
export function describeServiceFoundation(def: ServiceDefinition<any>, expectedTables: string[], opts: { immutableTables?: string[] } = {}) {
  const name = def.name as BackendService;
  const immutable = opts.immutableTables ?? [];
  describe(`${name} foundation (real NATS and Postgres)`, () => {
    let sut: ServiceUnderTest;
    // Migrating a fresh schema takes seconds on a busy machine: more than Jest's default hook time.
    beforeAll(async () => {
      sut = await bootService(def, {}, { runtimeRole: immutable.length > 0 });
    }, 60_000);
    afterAll(async () => sut?.close(), 30_000);

    if (immutable.length) {
      it.each(immutable)('runs as a role that owns nothing: with its own credentials %s can be read and added to, never changed', async (table) => {
        const qualified = `"${schemaOf(name)}"."${table}"`;
        await withPgClient(sut.serviceDbUrl, async (service) => {
          const { rows } = await service.query(
            `select current_user as me, t.tableowner as owner, has_table_privilege($1, 'INSERT') as can_insert, has_table_privilege($1, 'SELECT') as can_select
               from pg_tables t where t.schemaname = $2 and t.tablename = $3`,
            [qualified, schemaOf(name), table],
          );
          expect(rows[0]).toMatchObject({ can_insert: true, can_select: true });
          expect(rows[0].me).not.toBe(rows[0].owner);
          const column = (await service.query(`select column_name from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position limit 1`, [schemaOf(name), table])).rows[0].column_name as string;
          await expect(service.query(`update ${qualified} set "${column}" = "${column}"`)).rejects.toThrow(/permission denied/);
          await expect(service.query(`delete from ${qualified}`)).rejects.toThrow(/permission denied/);
          await expect(service.query(`truncate ${qualified}`)).rejects.toThrow(/permission denied/);
          await expect(service.query(`alter table ${qualified} disable trigger all`)).rejects.toThrow(/must be owner/);
          await expect(service.query(`drop table ${qualified}`)).rejects.toThrow(/must be owner/);
        });
      });
    }

    it(`applies its migrations in the "${schemaOf(name)}" schema only`, async () => {
      const tables = await tablesOf(sut.db, name);
      expect(tables).toEqual(expect.arrayContaining(['mikro_orm_migrations', ...expectedTables]));
    });

    it('answers its health subject over NATS, reporting NATS and database up', async () => {
      const health = await sut.client.request(healthContracts[name], {});
      expect(health).toMatchObject({ service: name, status: 'up', checks: { nats: 'up', database: 'up' } });
    });

    it('returns trace context on the reply, continuing the caller\'s trace', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const hdrs = natsHeaders();
      hdrs.set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`);
      const subject = `${name}.health.check.v1`;
      const reply = await sut.clientConnection.request(
        subject,
        encodeRequestFrame(subject, {}),
        { timeout: 2_000, headers: hdrs },
      );
      expect(reply.headers?.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
    });

    it('serves liveness, readiness and Prometheus metrics over HTTP', async () => {
      await sut.client.request(healthContracts[name], {});
      const [live, ready, metrics] = await Promise.all(
        ['/health/live', '/health/ready', '/metrics'].map((p) => fetch(`${sut.service.url}${p}`)),
      );
      expect(live.status).toBe(200);
      expect(ready.status).toBe(200);
      const text = await metrics.text();
      expect(text).toContain(`rpc_server_requests_total{subject="${name}.health.check.v1",outcome="ok",service="${name}"}`);
      expect(text).toContain('rpc_server_duration_seconds_bucket');
    });

    it('refuses a request that breaks the contract with a typed validation error', async () => {
      const raw = await sut.clientConnection.request(
        `${name}.health.check.v1`,
        encodeRequestFrame(`${name}.health.check.v1`, { unexpected: true }),
        { timeout: 2_000 },
      );
      const reply = JSON.parse(new TextDecoder().decode(raw.data));
      expect(reply.response).toEqual({ error: expect.objectContaining({ code: 'validation' }) });
    });
  });
}
