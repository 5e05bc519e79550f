/**
 * The composed creator card against what it is made of, from one run under concurrent load:
 *   GET /v1/creators/{id}/card (five sections fetched in parallel, each behind its breaker) ·
 *   each section's request straight over NATS (what the card waits for at best) ·
 *   GET /v1/me, a trivial authenticated gateway route (token check + one NATS call).
 * The figure to keep near 1: card p50 ÷ (slowest section p50 + trivial route p50).
 * The services run in this process (as `npm run bench` does) or, with BENCH_MODE=processes, each
 * in its own process (as deployed).
 * Run: npm run bench:card   (BENCH_CALLS, BENCH_CONCURRENCY change the load)
 */
import { connect } from '@nats-io/transport-node';
import { decodeJwt } from 'jose';
import { accessTokenClaimsSchema, campaignsContracts, metricsContracts, principalFromClaims, rosterContracts } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { startService } from '#libs/service-defaults';
import { createTestDatabase, eventually, spawnService, startNatsServer } from '#libs/testing';
import { identityApp } from '../../services/identity/src/identity.app.js';
import { rosterApp } from '../../services/roster/src/roster.app.js';
import { campaignsApp } from '../../services/campaigns/src/campaigns.app.js';
import { metricsApp } from '../../services/metrics/src/metrics.app.js';
import { gatewayApp } from '../../services/gateway/src/gateway.app.js';
import { measure, table, type RunStats } from './stats.js';

const N = Number(process.env.BENCH_CALLS ?? 2000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 20);
/** `processes`: each service in its own process, as deployed; otherwise all in this one (like `npm run bench`). */
const SEPARATE = process.env.BENCH_MODE === 'processes';

const nats = await startNatsServer();
const db = await createTestDatabase();
const env = { NATS_URL: nats.url, DATABASE_URL: db.url, HTTP_PORT: '0', GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0', SIGNUP_MAX_PER_IP: '100000' };
const running: { url: string; stop(): Promise<unknown> }[] = [];
try {
  if (SEPARATE) {
    running.push(...(await Promise.all(['identity', 'roster', 'campaigns', 'metrics', 'gateway'].map((name) => spawnService(name, env, 90_000)))));
  } else {
    for (const def of [identityApp, rosterApp, campaignsApp, metricsApp, gatewayApp]) {
      const service = await startService({ ...def, env: { ...env, LOG_LEVEL: 'silent' } });
      running.push({ url: service.url.replace('://0.0.0.0:', '://127.0.0.1:'), stop: () => service.close() });
    }
  }
  const base = running[running.length - 1]!.url;
  const http = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  };

  const creator = await http('POST', '/v1/auth/signup', undefined, { email: 'bench-creator@example.com', password: 'bench-password-123', name: 'Bench Creator', kind: 'creator', handle: 'bench_creator' });
  const token = creator.accessToken as string;
  const creatorId = creator.user.id as string;
  await eventually(() => http('GET', `/v1/creators/${creatorId}/profile`, token), 10_000);
  await http('PUT', `/v1/creators/${creatorId}/rates`, token, { items: [{ deliverable: 'video', price: { amount: 150_000, currency: 'USD' } }], version: 0 });

  const nc = await connect({ servers: nats.url });
  const client = new RequestClient(nc, 5_000);
  const principal = principalFromClaims(accessTokenClaimsSchema.parse(decodeJwt(token)));
  const sections = {
    profile: () => client.request(rosterContracts.profileGet, { creatorId }, { principal }),
    rates: () => client.request(rosterContracts.ratesGet, { creatorId }, { principal }),
    metrics: () => client.request(metricsContracts.kpisGet, { creatorId, window: 'last30v' }, { principal }),
    audience: () => client.request(metricsContracts.audienceGet, { creatorId }, { principal }),
    campaigns: () => client.request(campaignsContracts.countsBatch, { creatorIds: [creatorId] }, { principal }),
  };
  const card = await http('GET', `/v1/creators/${creatorId}/card`, token);
  if (card.degraded.length) throw new Error(`card degraded before the run: ${card.degraded.join(', ')}`);

  const rows: RunStats[] = [];
  rows.push(
    await measure('HTTP GET /v1/creators/{id}/card (5 sections in parallel)', N, C, async () => {
      const body = await http('GET', `/v1/creators/${creatorId}/card`, token);
      if (body.degraded.length) throw new Error(`degraded: ${body.degraded.join(', ')}`);
    }),
  );
  const sectionRows: RunStats[] = [];
  for (const [name, call] of Object.entries(sections)) sectionRows.push(await measure(`NATS ${name} section directly`, N, C, call));
  rows.push(...sectionRows);
  rows.push(await measure('HTTP GET /v1/me (trivial authenticated route)', N, C, () => http('GET', '/v1/me', token)));

  const slowest = sectionRows.reduce((a, b) => (b.p50Ms > a.p50Ms ? b : a));
  const trivial = rows[rows.length - 1]!;
  const cardRow = rows[0]!;
  console.log(table(rows));
  console.log(`\nslowest section: ${slowest.name} (p50 ${slowest.p50Ms} ms)`);
  console.log(`card p50 ÷ (slowest section p50 + trivial route p50) = ${cardRow.p50Ms} ÷ (${slowest.p50Ms} + ${trivial.p50Ms}) = ${(cardRow.p50Ms / (slowest.p50Ms + trivial.p50Ms)).toFixed(2)}`);
  await nc.close();
} finally {
  for (const s of running.reverse()) await s.stop();
  await nats.stop();
  await db.drop();
}
