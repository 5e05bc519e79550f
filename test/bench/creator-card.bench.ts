/**
 * The composed creator card against what it is made of, from one run, at each concurrency of
 * BENCH_CONCURRENCY (default 1 and 20):
 *   GET /v1/creators/{id}/card (five sections from three requests in parallel, one per service,
 *   each behind its breaker) · each section's own route through the gateway (same token check,
 *   one call): the slowest of them is the card's critical path · each section's request straight
 *   over NATS · the card's per-service requests straight over NATS (what the card sends) ·
 *   GET /v1/me, a trivial authenticated gateway route (token check + one NATS call).
 * Goals: card p50 ≤ 1.25 × critical path p50 at concurrency 1; card throughput ≥ ⅓ of
 * /v1/me's at concurrency 20. Each service's resident memory is printed idle and after the load.
 * The services run in this process (as `npm run bench` does) or, with BENCH_MODE=processes, each
 * in its own process (as deployed).
 * Every case runs in each of BENCH_ROUNDS rounds (default 5), in turn, so a load that drifts
 * during the run weighs on all of them alike.
 * Run: npm run bench:card   (BENCH_CALLS, BENCH_CONCURRENCY=1,20 change the load)
 */
import { execFileSync } from 'node:child_process';
import { decodeJwt } from 'jose';
import { accessTokenClaimsSchema, campaignsContracts, metricsContracts, principalFromClaims, rosterContracts } from '#libs/contracts';
import { createTestDatabase, eventually, gatewayClient, startNatsServer } from '#libs/testing';
import { identityApp } from '../../services/identity/src/identity.app.js';
import { rosterApp } from '../../services/roster/src/roster.app.js';
import { campaignsApp } from '../../services/campaigns/src/campaigns.app.js';
import { metricsApp } from '../../services/metrics/src/metrics.app.js';
import { gatewayApp } from '../../services/gateway/src/gateway.app.js';
import { measure, measureInRounds, table } from './stats.js';
import { cpuAndGcTable, memoryTable, startBenchStack, type BenchStack } from './stack.js';

const N = Number(process.env.BENCH_CALLS ?? 2000);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,20').split(',').map(Number);
/** Rounds each case's calls are split into, every case in turn in each round (see measureInRounds). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
/** Only the card (to profile a service while it composes cards, with BENCH_CPU_PROF). */
const CARD_ONLY = process.env.BENCH_CARD_ONLY === '1';

const load = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const nats = await startNatsServer();
const db = await createTestDatabase();
const env = { DATABASE_URL: db.url, HTTP_PORT: '0', GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0', SIGNUP_MAX_PER_IP: '100000' };
let stack: BenchStack | undefined;
try {
  stack = await startBenchStack(nats, [identityApp, rosterApp, campaignsApp, metricsApp, gatewayApp], env);
  const base = stack.url('gateway');
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

  const nc = await nats.connect();
  const client = gatewayClient(nats, nc, 5_000);
  const principal = principalFromClaims(accessTokenClaimsSchema.parse(decodeJwt(token)));
  const sections = {
    profile: () => client.request(rosterContracts.profileGet, { creatorId }, { principal }),
    rates: () => client.request(rosterContracts.ratesGet, { creatorId }, { principal }),
    metrics: () => client.request(metricsContracts.kpisGet, { creatorId, window: 'last30v' }, { principal }),
    audience: () => client.request(metricsContracts.audienceGet, { creatorId }, { principal }),
    campaigns: () => client.request(campaignsContracts.countsBatch, { creatorIds: [creatorId] }, { principal }),
  };
  // What the card itself sends: one request per service (the campaign counts are the section above).
  const perService = {
    'roster (profile + rates)': () => client.request(rosterContracts.cardGet, { creatorId, parts: ['profile', 'rates'] }, { principal }),
    'metrics (KPIs + audience)': () => client.request(metricsContracts.cardGet, { creatorId, window: 'last30v' }, { principal }),
  };
  // Every section but the campaign counts has a route of its own: the card's sections without the composing.
  const sectionRoutes = {
    profile: `/v1/creators/${creatorId}/profile`,
    rates: `/v1/creators/${creatorId}/rates`,
    metrics: `/v1/creators/${creatorId}/metrics?window=last30v`,
    audience: `/v1/creators/${creatorId}/audience`,
  };
  const card = await http('GET', `/v1/creators/${creatorId}/card`, token);
  if (card.degraded.length) throw new Error(`card degraded before the run: ${card.degraded.join(', ')}`);
  const idle = stack.residentMiB();
  const idleCpu = await stack.cpuAndGc();
  // Watched from here to the end of the load: the budget holds for the peak, not only for what is left after.
  const peaks = stack.watchPeaks();
  console.log(`load before: ${load()}`);

  const summary: string[] = [];
  for (const C of CONCURRENCIES) {
    const cardCase = {
      name: 'HTTP GET /v1/creators/{id}/card (3 requests in parallel, one per service)',
      fn: async () => {
        const body = await http('GET', `/v1/creators/${creatorId}/card`, token);
        if (body.degraded.length) throw new Error(`degraded: ${body.degraded.join(', ')}`);
      },
    };
    if (CARD_ONLY) {
      console.log(table([await measure(cardCase.name, N, C, cardCase.fn)]));
      continue;
    }
    const routeCases = Object.entries(sectionRoutes).map(([name, path]) => ({ name: `HTTP GET ${name} section route alone`, fn: () => http('GET', path, token) }));
    const natsCases = Object.entries(sections).map(([name, call]) => ({ name: `NATS ${name} section directly`, fn: call }));
    const perServiceCases = Object.entries(perService).map(([name, call]) => ({ name: `NATS card request to ${name} directly`, fn: call }));
    const trivialCase = { name: 'HTTP GET /v1/me (trivial authenticated route)', fn: () => http('GET', '/v1/me', token) };
    // Every case in each of ROUNDS rounds, so the card and its critical path see the same machine.
    const rows = await measureInRounds([cardCase, ...routeCases, ...natsCases, ...perServiceCases, trivialCase], N, C, ROUNDS);
    const cardRow = rows[0]!;
    const routeRows = rows.slice(1, 1 + routeCases.length);
    const natsRows = rows.slice(1 + routeCases.length, 1 + routeCases.length + natsCases.length);
    const perServiceRows = rows.slice(1 + routeCases.length + natsCases.length, -1);
    const trivial = rows.at(-1)!;

    const critical = routeRows.reduce((a, b) => (b.p50Ms > a.p50Ms ? b : a));
    const slowestNats = natsRows.reduce((a, b) => (b.p50Ms > a.p50Ms ? b : a));
    const slowestRequest = [...perServiceRows, natsRows.find((r) => r.name.startsWith('NATS campaigns'))!].reduce((a, b) => (b.p50Ms > a.p50Ms ? b : a));
    console.log(`\n### concurrency ${C}, ${N} calls per case (${stack.separate ? 'one process per service' : 'one process'})\n`);
    console.log(table(rows));
    const lines = [
      `concurrency ${C}: card p50 ÷ critical path (${critical.name}) p50 = ${cardRow.p50Ms} ÷ ${critical.p50Ms} = **${(cardRow.p50Ms / critical.p50Ms).toFixed(2)}** (goal ≤ 1.25 at concurrency 1)`,
      `concurrency ${C}: card p50 ÷ (slowest NATS section, ${slowestNats.name}, + /v1/me) = ${cardRow.p50Ms} ÷ (${slowestNats.p50Ms} + ${trivial.p50Ms}) = ${(cardRow.p50Ms / (slowestNats.p50Ms + trivial.p50Ms)).toFixed(2)}`,
      `concurrency ${C}: card p50 ÷ (slowest of the card's own requests, ${slowestRequest.name}, + /v1/me) = ${cardRow.p50Ms} ÷ (${slowestRequest.p50Ms} + ${trivial.p50Ms}) = ${(cardRow.p50Ms / (slowestRequest.p50Ms + trivial.p50Ms)).toFixed(2)}`,
      `concurrency ${C}: card p50 ÷ /v1/me p50 = ${(cardRow.p50Ms / trivial.p50Ms).toFixed(2)}; card throughput ÷ /v1/me's = ${cardRow.perSecond} ÷ ${trivial.perSecond} = **${(cardRow.perSecond / trivial.perSecond).toFixed(2)}** (goal ≥ 0.33 at concurrency 20)`,
    ];
    console.log(`\n${lines.join('\n')}`);
    summary.push(...lines);
    console.log(`load after: ${load()}`);
  }
  const peak = peaks.stop();
  const loaded = stack.residentMiB();
  console.log('\n| process | RSS idle MiB | RSS peak during the load MiB | RSS after the load MiB |\n|---|---:|---:|---:|');
  for (const name of Object.keys(idle)) console.log(`| ${name} | ${idle[name]} | ${peak[name]} | ${loaded[name]} |`);
  if (stack.separate) {
    const after = await stack.cpuAndGc();
    console.log(`\nCPU and garbage collection during the load${process.env.BENCH_NODE_OPTIONS ? ` (extra NODE_OPTIONS ${process.env.BENCH_NODE_OPTIONS})` : ''}:\n\n${cpuAndGcTable(idleCpu, after)}`);
    console.log(`\nMemory, MiB:\n\n${memoryTable(idleCpu, idle, after, loaded)}`);
    if (process.env.BENCH_HEAP_SNAPSHOT_DIR) {
      await stack.snapshotHeaps();
      console.log(`\nMemory after the load, then after a full collection (heap snapshots in ${process.env.BENCH_HEAP_SNAPSHOT_DIR}), MiB:\n\n${memoryTable(after, loaded, await stack.cpuAndGc(), stack.residentMiB(), ['after the load', 'after a full collection'])}`);
    }
  }
  console.log(`\n${summary.join('\n')}`);
  await nc.close();
} finally {
  await stack?.stop();
  await nats.stop();
  await db.drop();
}
