/**
 * What the service plumbing costs on the request path, side by side with raw baselines
 * measured in the same run on the same servers:
 *   raw NATS request/reply echo · raw `select 1` on a pg pool ·
 *   RequestClient → Nest NATS handler (contract validation, envelope, metrics, select 1 via MikroORM) ·
 *   the same with a signed principal (signed by the caller, verified before the handler) ·
 *   HTTP GET /v1/health on the gateway (fan-out to seven services over NATS).
 * The bus runs with authentication and generated permissions, as deployed;
 * BENCH_BUS_AUTH=off runs an open server for comparison (then without the principal case).
 * Run: npm run bench
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { BACKEND_SERVICES, healthContracts, type Principal } from '#libs/contracts';
import { encodeRequestFrame } from '#libs/messaging';
import { startService, type RunningService } from '#libs/service-defaults';
import { createTestDatabase, gatewayClient, startNatsServer } from '#libs/testing';
import { identityApp } from '../../services/identity/src/identity.app.js';
import { rosterApp } from '../../services/roster/src/roster.app.js';
import { campaignsApp } from '../../services/campaigns/src/campaigns.app.js';
import { negotiationApp } from '../../services/negotiation/src/negotiation.app.js';
import { metricsIngestionApp } from '../../services/metrics-ingestion/src/metrics-ingestion.app.js';
import { metricsApp } from '../../services/metrics/src/metrics.app.js';
import { notificationsApp } from '../../services/notifications/src/notifications.app.js';
import { gatewayApp } from '../../services/gateway/src/gateway.app.js';
import { measure, table, type RunStats } from './stats.js';

const N = Number(process.env.BENCH_CALLS ?? 5000);

const auth = process.env.BENCH_BUS_AUTH !== 'off';
const nats = await startNatsServer({ auth });
const db = await createTestDatabase();
const env = { DATABASE_URL: db.url, HTTP_PORT: '0', GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0', LOG_LEVEL: 'silent' };
const running: RunningService[] = [];
try {
  for (const def of [identityApp, rosterApp, campaignsApp, negotiationApp, metricsIngestionApp, metricsApp, notificationsApp]) {
    running.push(await startService({ ...def, env: { ...env, ...nats.envFor(def.name) } }));
  }
  const gateway = await startService({ ...gatewayApp, env: { ...env, ...nats.envFor('gateway') } });
  running.push(gateway);

  // The raw baseline echoes on a subject in no contract: the test administrator may use it.
  const nc = await nats.connect();
  const echo = nc.subscribe('bench.echo', { callback: (_e, m) => void m.respond(m.data) });
  const payload = encodeRequestFrame('bench.echo', {});
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  const gatewayNc = await nats.connect('gateway');
  const client = gatewayClient(nats, gatewayNc, 5_000);
  const principal: Principal = { userId: randomUUID(), kind: 'creator', orgId: null, orgKind: null, role: null };
  const healthUrl = `${gateway.url}/v1/health`;
  if (BACKEND_SERVICES.length !== 7) throw new Error('bench expects seven services');

  const rows: RunStats[] = [];
  for (const concurrency of [1, 50]) {
    rows.push(await measure('raw NATS request/reply (baseline)', N, concurrency, () => nc.request('bench.echo', payload, { timeout: 5_000 })));
    rows.push(await measure('raw pg `select 1` (baseline)', N, concurrency, () => pool.query('select 1')));
    rows.push(await measure('RequestClient → roster health (NATS + Nest + zod + select 1)', N, concurrency, () => client.request(healthContracts.roster, {})));
    if (auth) {
      rows.push(
        await measure('… the same with a signed principal (cached certificate + HMAC binding)', N, concurrency, () => client.request(healthContracts.roster, {}, { principal })),
      );
    }
    rows.push(
      await measure('HTTP GET /v1/health (gateway → 7 services)', Math.floor(N / 5), concurrency, async () => {
        const res = await fetch(healthUrl);
        if (res.status !== 200) throw new Error(`health ${res.status}`);
        await res.arrayBuffer();
      }),
    );
  }
  const memory = process.memoryUsage();
  console.log(table(rows));
  console.log(`\nprocess RSS after the run (7 services + bench client in one process): ${Math.round(memory.rss / 1024 / 1024)} MiB, heap used ${Math.round(memory.heapUsed / 1024 / 1024)} MiB`);
  echo.unsubscribe();
  await pool.end();
  await Promise.all([nc.close(), gatewayNc.close()]);
} finally {
  for (const s of running.reverse()) await s.close();
  await nats.stop();
  await db.drop();
}
