/**
 * What the service plumbing costs on the request path, side by side with raw baselines
 * measured in the same run on the same servers:
 *   raw NATS request/reply echo · raw `select 1` on a pg pool ·
 *   RequestClient → Nest NATS handler (contract validation, envelope, metrics, select 1 via MikroORM) ·
 *   HTTP GET /v1/health on the gateway (fan-out to six services over NATS).
 * Run: npm run bench
 */
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { BACKEND_SERVICES, healthContracts } from '#libs/contracts';
import { encodeRequestFrame, RequestClient } from '#libs/messaging';
import { startService, type RunningService } from '#libs/service-defaults';
import { createTestDatabase, startNatsServer } from '#libs/testing';
import { identityApp } from '../../services/identity/src/identity.app.js';
import { rosterApp } from '../../services/roster/src/roster.app.js';
import { campaignsApp } from '../../services/campaigns/src/campaigns.app.js';
import { negotiationApp } from '../../services/negotiation/src/negotiation.app.js';
import { metricsIngestionApp } from '../../services/metrics-ingestion/src/metrics-ingestion.app.js';
import { metricsApp } from '../../services/metrics/src/metrics.app.js';
import { gatewayApp } from '../../services/gateway/src/gateway.app.js';
import { measure, table, type RunStats } from './stats.js';

const N = Number(process.env.BENCH_CALLS ?? 5000);

const nats = await startNatsServer();
const db = await createTestDatabase();
const env = { NATS_URL: nats.url, DATABASE_URL: db.url, HTTP_PORT: '0', GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0', LOG_LEVEL: 'silent' };
const running: RunningService[] = [];
try {
  for (const def of [identityApp, rosterApp, campaignsApp, negotiationApp, metricsIngestionApp, metricsApp]) {
    running.push(await startService({ ...def, env }));
  }
  const gateway = await startService({ ...gatewayApp, env });
  running.push(gateway);

  const nc = await connect({ servers: nats.url });
  const echo = nc.subscribe('bench.echo', { callback: (_e, m) => void m.respond(m.data) });
  const payload = encodeRequestFrame('bench.echo', {});
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  const client = new RequestClient(nc, 5_000);
  const healthUrl = `${gateway.url}/v1/health`;
  if (BACKEND_SERVICES.length !== 6) throw new Error('bench expects six services');

  const rows: RunStats[] = [];
  for (const concurrency of [1, 50]) {
    rows.push(await measure('raw NATS request/reply (baseline)', N, concurrency, () => nc.request('bench.echo', payload, { timeout: 5_000 })));
    rows.push(await measure('raw pg `select 1` (baseline)', N, concurrency, () => pool.query('select 1')));
    rows.push(await measure('RequestClient → roster health (NATS + Nest + zod + select 1)', N, concurrency, () => client.request(healthContracts.roster, {})));
    rows.push(
      await measure('HTTP GET /v1/health (gateway → 6 services)', Math.floor(N / 5), concurrency, async () => {
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
  await nc.close();
} finally {
  for (const s of running.reverse()) await s.close();
  await nats.stop();
  await db.drop();
}
