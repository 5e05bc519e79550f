import pg from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startNatsServer, type NatsServerHandle } from './nats-server.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * A private nats-server and database for a spec that runs services itself (to kill them, or
 * to put a proxy in front of PostgreSQL), with a client of each for the spec's own checks.
 */
export interface BackingServices {
  nats: NatsServerHandle;
  db: TestDatabase;
  /** A direct connection to the database (never through a proxy the spec cuts). */
  sql: pg.Client;
  nc: NatsConnection;
  /** A URL of the database through a TCP proxy the spec can cut and restore. */
  proxiedDatabase(): Promise<{ url: string; proxy: TcpProxy }>;
  close(): Promise<void>;
}

export async function startBackingServices(): Promise<BackingServices> {
  const [nats, db] = await Promise.all([startNatsServer(), createTestDatabase()]);
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const nc = await connect({ servers: nats.url });
  return {
    nats,
    db,
    sql,
    nc,
    async proxiedDatabase() {
      const target = new URL(db.url);
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      const url = new URL(db.url);
      url.host = `${proxy.host}:${proxy.port}`;
      return { url: url.toString(), proxy };
    },
    async close() {
      await nc.close();
      await sql.end();
      await nats.stop();
      await db.drop();
    },
  };
}
