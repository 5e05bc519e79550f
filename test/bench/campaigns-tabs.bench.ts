/**
 * Campaigns' read paths against their baselines, from one run: the counts of 200 creators in one
 * call (roster summary page) and of one creator (creator card), one page of a creator's tab, and
 * the raw NATS round trip and `select 1` they are built on. 200 creators × 20 offers, spread over
 * every status, a fifth of the pending ones already past their respond-by date (read as expired).
 * Run: npm run bench:campaigns   (BENCH_CALLS, BENCH_CONCURRENCY change the load)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { campaignsContracts as c, healthContracts, LIFECYCLE_STATUSES, type Principal } from '#libs/contracts';
import { startService } from '#libs/service-defaults';
import { createTestDatabase, gatewayClient, startNatsServer } from '#libs/testing';
import { campaignsApp } from '../../services/campaigns/src/campaigns.app.js';
import { measure, table, type RunStats } from './stats.js';
import { insertCampaign } from './campaigns-data.js';

const N = Number(process.env.BENCH_CALLS ?? 1000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 10);
const CREATORS = 200;
const OFFERS_PER_CREATOR = 20;

const nats = await startNatsServer();
const db = await createTestDatabase();
const service = await startService({ ...campaignsApp, env: { ...nats.envFor('campaigns'), DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent' } });
const sql = new pg.Pool({ connectionString: db.url, max: C });
try {
  // The data set, written straight into campaigns' tables: what is measured is reading it.
  const agencyId = randomUUID();
  const brandId = randomUUID();
  const creators = Array.from({ length: CREATORS }, () => randomUUID());
  const now = Date.now();
  const terms = { price: { amount: 100_000, currency: 'USD' }, paymentTerms: { upfrontPercent: 0, netDays: 30 }, deliverables: [{ type: 'video', quantity: 1, dueAt: new Date(now + 86_400_000).toISOString() }], usageRightsDays: 0, exclusivityDays: 0, revisionRounds: 1, reviewWindowDays: 14 };
  const load = await sql.connect();
  await load.query('begin');
  for (let k = 0; k < OFFERS_PER_CREATOR; k++) {
    const campaignId = randomUUID();
    await insertCampaign(load, campaignId, brandId, `Campaign ${k}`);
    for (const [i, creatorId] of creators.entries()) {
      const status = LIFECYCLE_STATUSES[(i + k) % LIFECYCLE_STATUSES.length]!;
      const lapsed = (i + k) % 5 === 0;
      await load.query(
        `insert into campaigns.offers values ($1, $2, $3, $4, $5, '{"amount":100000,"currency":"USD"}', $6, 1, $7, true, '{"amount":150000,"currency":"USD"}', 1, $3, now() - ($8 || ' seconds')::interval, now(), 1)`,
        [randomUUID(), campaignId, brandId, creatorId, status, JSON.stringify(terms), new Date(now + (lapsed ? -60_000 : 86_400_000)), k],
      );
    }
  }
  for (const creatorId of creators) {
    await load.query(`insert into campaigns.grant_copies values ($1, $2, $3, 'active', '["campaigns:read"]', null, now())`, [randomUUID(), agencyId, creatorId]);
  }
  await load.query('commit');
  await load.query('analyze');
  load.release();

  const nc = await nats.connect();
  const client = gatewayClient(nats, nc, 10_000);
  const agency: Principal = { userId: randomUUID(), kind: 'manager', orgId: agencyId, orgKind: 'agency', role: 'viewer' };
  const creator: Principal = { userId: creators[0]!, kind: 'creator', orgId: null, orgKind: null, role: null };

  const rows: RunStats[] = [];
  rows.push(await measure('raw pg `select 1` (baseline)', N, C, () => sql.query('select 1')));
  rows.push(await measure('RequestClient → campaigns health (baseline: NATS + select 1)', N, C, () => client.request(healthContracts.campaigns, {})));
  rows.push(
    await measure(`counts.batch, ${CREATORS} creators (roster page)`, N, C, async () => {
      const { items } = await client.request(c.countsBatch, { creatorIds: creators }, { principal: agency });
      if (items.length !== CREATORS) throw new Error(`expected ${CREATORS} counts, got ${items.length}`);
    }),
  );
  rows.push(await measure('counts.batch, 1 creator (creator card)', N, C, () => client.request(c.countsBatch, { creatorIds: [creators[0]!] }, { principal: creator })));
  rows.push(await measure('tabs.list inactive, 50 per page', N, C, () => client.request(c.tabsList, { creatorId: creators[0]!, tab: 'inactive', limit: 50 }, { principal: creator })));
  console.log(table(rows));
  await nc.close();
} finally {
  await sql.end();
  await service.close();
  await nats.stop();
  await db.drop();
}
