/**
 * An agency's roster of BENCH_CREATORS creators (default 1,000) read through the gateway, beside
 * one creator's composed card in the same run:
 *   GET /v1/roster?limit=200 (first page by name: one roster query, one figures and one counts batch) ·
 *   GET /v1/roster?limit=200&sort=followers (the roster's ids, ranked by metrics, then the page's entries and counts) ·
 *   the whole roster page by page (limit 200, following nextCursor) ·
 *   GET /v1/creators/{id}/card for one of the creators, as the same agency owner.
 * Goal: a roster page over 1,000 creators ≤ 3 × one card's p50, with batched calls only (the
 * bench counts the bus requests one page makes and fails if any subject is asked more than once a page).
 * The creators join through identity's own events (sign-up and grant activation), as in the
 * roster e2e test; they have no metrics or offers yet, so the summaries are empty but every
 * batch is still read.
 * Run: npm run bench:roster   (BENCH_CREATORS, BENCH_CALLS, BENCH_CONCURRENCY, BENCH_ROUNDS, BENCH_MODE=processes)
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createTestDatabase, eventually, publishGrantedCreators, startNatsServer } from '#libs/testing';
import { identityApp } from '../../services/identity/src/identity.app.js';
import { rosterApp } from '../../services/roster/src/roster.app.js';
import { campaignsApp } from '../../services/campaigns/src/campaigns.app.js';
import { metricsApp } from '../../services/metrics/src/metrics.app.js';
import { gatewayApp } from '../../services/gateway/src/gateway.app.js';
import { measureInRounds, table, type RunStats } from './stats.js';
import { cpuAndGcTable, memoryTable, startBenchStack, type BenchStack } from './stack.js';

const CREATORS = Number(process.env.BENCH_CREATORS ?? 1_000);
const N = Number(process.env.BENCH_CALLS ?? 300);
const C = Number(process.env.BENCH_CONCURRENCY ?? 1);
/** Rounds the cases' calls are split into, every case in turn in each round (see measureInRounds). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const PAGE = 200;

const load = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const nats = await startNatsServer();
const db = await createTestDatabase();
const env = { DATABASE_URL: db.url, HTTP_PORT: '0', GATEWAY_PORT: '0', GATEWAY_OPS_PORT: '0', SIGNUP_MAX_PER_IP: '100000' };
let stack: BenchStack | undefined;
try {
  stack = await startBenchStack(nats, [identityApp, rosterApp, campaignsApp, metricsApp, gatewayApp], env);
  const base = stack.url('gateway');
  const http = async (path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${path} → ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  };

  const owner = await http('/v1/auth/signup', undefined, {
    email: 'bench-owner@example.com',
    password: 'bench-password-123',
    name: 'Bench Owner',
    kind: 'manager',
    organization: { name: 'Bench Agency' },
  });
  const token = owner.accessToken as string;
  const agencyId = owner.organization.id as string;

  // The creator whose card is measured joins as a person would (the gateway asks identity about
  // that grant); the others join through events alone.
  const real = await http('/v1/auth/signup', undefined, { email: 'bench-creator@example.com', password: 'bench-password-123', name: 'Bench Creator', kind: 'creator', handle: 'bench_creator' });
  const requested = await http('/v1/delegations', token, { creatorHandle: 'bench_creator', scopes: ['metrics:read', 'campaigns:read'] });
  await http(`/v1/delegations/${requested.id}/approve`, real.accessToken, {});
  const first = real.user.id as string;

  const nc = await nats.connect();
  const creators = Array.from({ length: CREATORS - 1 }, (_, i) => ({ userId: randomUUID(), grantId: randomUUID(), handle: `bench_${String(i).padStart(4, '0')}` }));
  const seeded = performance.now();
  await publishGrantedCreators(nc, agencyId, creators);
  // Every service applies the grants in order: the last one visible everywhere means all are.
  let state = '';
  await eventually(async () => {
    const page = await http(`/v1/roster?limit=${PAGE}&sort=followers`, token);
    const card = await http(`/v1/creators/${first}/card`, token).catch((err: unknown) => String(err));
    const [lastJoined] = (await http(`/v1/roster?limit=1&q=${creators[creators.length - 1]!.handle}`, token)).items;
    // Campaigns counts only creators whose grant it has applied: zero offers, not null, means it has.
    const onRoster = lastJoined?.summary.activeCampaigns === 0;
    state = JSON.stringify({ page: { items: page.items.length, degraded: page.degraded }, onRoster, card });
    return onRoster && page.degraded.length === 0 && card?.degraded?.length === 0 && card.metrics !== null && card.campaigns !== null;
  }, Number(process.env.BENCH_SETTLE_MS ?? 300_000), 500).catch((err: unknown) => {
    throw new Error(`the roster did not settle: ${state}`, { cause: err });
  });
  console.log(`${CREATORS} creators on the roster after ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  // Bus requests per page, counted on the wire: they must not grow with the number of creators.
  const counts = new Map<string, number>();
  const taps = ['roster.>', 'metrics.>', 'campaigns.>', 'identity.>'].map((s) =>
    nc.subscribe(s, {
      callback: (err, msg) => {
        if (!err && !msg.subject.includes('.evt.')) counts.set(msg.subject, (counts.get(msg.subject) ?? 0) + 1);
      },
    }),
  );
  await nc.flush();
  const requestsOf = async (fn: () => Promise<unknown>) => {
    counts.clear();
    await fn();
    await nc.flush();
    return Object.fromEntries(counts);
  };
  const wholeRoster = async () => {
    let cursor: string | null = null;
    let seen = 0;
    do {
      const page: { items: unknown[]; nextCursor: string | null; degraded: string[] } = await http(`/v1/roster?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`, token);
      if (page.degraded.length) throw new Error(`degraded: ${page.degraded.join(', ')}`);
      seen += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    if (seen !== CREATORS) throw new Error(`walked ${seen} creators, expected ${CREATORS}`);
  };
  const firstPage = () => http(`/v1/roster?limit=${PAGE}`, token);
  const byFollowers = () => http(`/v1/roster?limit=${PAGE}&sort=followers`, token);
  const calls = {
    'first page by name': await requestsOf(firstPage),
    'first page by followers': await requestsOf(byFollowers),
    'whole roster, page by page': await requestsOf(wholeRoster),
    card: await requestsOf(() => http(`/v1/creators/${first}/card`, token)),
  };
  for (const t of taps) t.unsubscribe();
  console.log('\nBus requests per call:');
  for (const [name, subjects] of Object.entries(calls)) console.log(`- ${name}: ${Object.entries(subjects).map(([s, n]) => `${s} × ${n}`).join(', ')}`);
  const batches = Math.ceil(CREATORS / PAGE);
  // One request per subject per page, whatever the number of creators: none per creator, none per batch of them.
  const pagesOf: Record<keyof typeof calls, number> = { 'first page by name': 1, 'first page by followers': 1, 'whole roster, page by page': batches, card: 1 };
  for (const [name, subjects] of Object.entries(calls) as [keyof typeof calls, Record<string, number>][]) {
    const over = Object.entries(subjects).filter(([, n]) => n > pagesOf[name]);
    if (over.length) throw new Error(`${name}: more than one request a page to ${over.map(([s, n]) => `${s} (${n})`).join(', ')}`);
  }
  if (!calls['first page by followers']['metrics.figures.rank.v1']) throw new Error('ordering by followers did not ask metrics to rank');

  const idle = stack.residentMiB();
  const idleCpu = await stack.cpuAndGc();
  // Watched from here to the end of the load: the budget holds for the peak, not only for what is left after.
  const peaks = stack.watchPeaks();
  console.log(`\nload before: ${load()}`);
  // The card and the pages in turn, in each of ROUNDS rounds, so a load that drifts during the run
  // weighs on the baseline and the pages alike. A failure (a batch past its section deadline under
  // load answers 503) ends the run with the case named.
  const rows: RunStats[] = await measureInRounds(
    [
      { name: `HTTP GET /v1/creators/{id}/card (one creator of ${CREATORS})`, fn: () => http(`/v1/creators/${first}/card`, token) },
      { name: `HTTP GET /v1/roster?limit=${PAGE} (first page by name, ${CREATORS} on the roster)`, fn: firstPage },
      { name: `HTTP GET /v1/roster?limit=${PAGE}&sort=followers (${CREATORS} ranked by metrics)`, fn: byFollowers },
      { name: `whole roster of ${CREATORS}, ${batches} pages of ${PAGE} by name`, fn: wholeRoster, calls: Math.max(20, Math.round(N / batches)) },
    ],
    N,
    C,
    ROUNDS,
  );
  console.log(`load after: ${load()}\n`);
  console.log(table(rows));
  const card = rows.find((r) => r.name.includes('/card'));
  console.log('');
  // The goal is per page: the whole roster's walk is read page by page, so its ratio is per page too.
  const pagesIn = (row: RunStats) => (row.name.startsWith('whole roster') ? batches : 1);
  if (card) {
    for (const row of rows.filter((r) => r !== card)) {
      const pages = pagesIn(row);
      const perPage = row.p50Ms / card.p50Ms / pages;
      console.log(`${row.name}: p50 ÷ card p50${pages > 1 ? ` ÷ ${pages} pages` : ''} = ${row.p50Ms} ÷ ${card.p50Ms}${pages > 1 ? ` ÷ ${pages}` : ''} = **${perPage.toFixed(2)}** (goal ≤ 3 a page)`);
    }
  }
  const peak = peaks.stop();
  const loaded = stack.residentMiB();
  console.log('\n| process | RSS idle MiB | RSS peak during the load MiB | RSS after the load MiB |\n|---|---:|---:|---:|');
  for (const name of Object.keys(idle)) console.log(`| ${name} | ${idle[name]} | ${peak[name]} | ${loaded[name]} |`);
  if (stack.separate) {
    const after = await stack.cpuAndGc();
    console.log(`\nCPU and garbage collection during the load:\n\n${cpuAndGcTable(idleCpu, after)}`);
    console.log(`\nMemory, MiB:\n\n${memoryTable(idleCpu, idle, after, loaded)}`);
    if (process.env.BENCH_HEAP_SNAPSHOT_DIR) {
      await stack.snapshotHeaps();
      console.log(`\nMemory after the load, then after a full collection (heap snapshots in ${process.env.BENCH_HEAP_SNAPSHOT_DIR}), MiB:\n\n${memoryTable(after, loaded, await stack.cpuAndGc(), stack.residentMiB(), ['after the load', 'after a full collection'])}`);
    }
  }
  await nc.close();
} finally {
  await stack?.stop();
  await nats.stop();
  await db.drop();
}
