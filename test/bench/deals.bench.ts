/**
 * The deals inbox at 10,000 offers across 500 creators (20 campaigns of one brand, every
 * status, a fifth of the open ones past their respond-by date): campaigns' deals.list over NATS
 * as an agency viewer holding campaigns:read grants for all 500 creators, beside the raw SQL of
 * the same statement (dealsQuery) run straight on PostgreSQL, and the `select 1` / NATS baselines.
 * Run: npm run bench:deals   (BENCH_CALLS, BENCH_CONCURRENCY change the load)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { campaignsContracts as c, healthContracts, LIFECYCLE_STATUSES, turnOf, type DealsQuery, type Principal } from '#libs/contracts';
import { startService } from '#libs/service-defaults';
import { createTestDatabase, gatewayClient, startNatsServer } from '#libs/testing';
import { campaignsApp } from '../../services/campaigns/src/campaigns.app.js';
import { dealsQuery } from '../../services/campaigns/src/deals/deals.reader.js';
import { measure, table, type RunStats } from './stats.js';
import { insertCampaign } from './campaigns-data.js';

const N = Number(process.env.BENCH_CALLS ?? 500);
const C = Number(process.env.BENCH_CONCURRENCY ?? 1);
const CREATORS = 500;
const CAMPAIGNS = 20;

/** The statement with knex-style `?` placeholders as pg's `$n`, each array spread into a list as campaigns' driver does. */
function forPg(sqlText: string, params: unknown[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  let i = 0;
  const text = sqlText.replace(/\?/g, () => {
    const p = params[i++];
    if (Array.isArray(p)) return p.map((v) => `$${values.push(v)}`).join(', ');
    return `$${values.push(p)}`;
  });
  return { text, values };
}

const nats = await startNatsServer();
const db = await createTestDatabase();
const service = await startService({ ...campaignsApp, env: { ...nats.envFor('campaigns'), DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent' } });
const sql = new pg.Pool({ connectionString: db.url, max: Math.max(C, 2) });
try {
  // The data set, written straight into campaigns' tables: what is measured is reading it.
  const agencyId = randomUUID();
  const brandId = randomUUID();
  const creators = Array.from({ length: CREATORS }, () => randomUUID());
  const now = Date.now();
  const dueAt = new Date(now + 86_400_000).toISOString();
  const terms = { price: { amount: 100_000, currency: 'USD' }, paymentTerms: { upfrontPercent: 0, netDays: 30 }, deliverables: [{ type: 'video', quantity: 1, dueAt }], usageRightsDays: 0, exclusivityDays: 0, revisionRounds: 1, reviewWindowDays: 14 };
  const load = await sql.connect();
  await load.query('begin');
  for (const [i, creatorId] of creators.entries()) {
    await load.query(`insert into campaigns.known_creators (creator_id, handle, name, registered_at) values ($1, $2, $3, now())`, [creatorId, `creator_${i}`, `Creator ${i}`]);
    await load.query(`insert into campaigns.grants values ($1, $2, $3, 'active', '["campaigns:read"]', null)`, [randomUUID(), agencyId, creatorId]);
  }
  for (let k = 0; k < CAMPAIGNS; k++) {
    const campaignId = randomUUID();
    await insertCampaign(load, campaignId, brandId, `Campaign ${k}`);
    for (const [i, creatorId] of creators.entries()) {
      const status = LIFECYCLE_STATUSES[(i + k) % LIFECYCLE_STATUSES.length]!;
      const author = (i + k) % 2 ? 'brand' : 'creator';
      const lapsed = (i + k) % 5 === 0;
      await load.query(
        `insert into campaigns.offers (id, campaign_id, brand_id, creator_id, status, price, terms, terms_version, respond_by, below_rate_card, rate_card_price,
           rate_card_version, sent_by, created_at, updated_at, version, current_author, turn, first_due_at)
         values ($1, $2, $3, $4, $5, '{"amount":100000,"currency":"USD"}', $6, 1, $7, true, '{"amount":150000,"currency":"USD"}', 1, $3,
           now() - ($8 || ' seconds')::interval, now(), 1, $9, $10, $11)`,
        [randomUUID(), campaignId, brandId, creatorId, status, JSON.stringify(terms), new Date(now + (lapsed ? -60_000 : 86_400_000)), k * CREATORS + i, author, turnOf(status, author), dueAt],
      );
    }
  }
  await load.query('commit');
  await load.query('analyze');
  load.release();

  const nc = await nats.connect();
  const client = gatewayClient(nats, nc, 10_000);
  const agency: Principal = { userId: randomUUID(), kind: 'manager', orgId: agencyId, orgKind: 'agency', role: 'viewer' };
  const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: brandId, orgKind: 'brand', role: 'viewer' };
  const scope = { side: 'creator_side' as const, creatorIds: creators };
  const raw = (q: DealsQuery) => {
    const { sql: text, params } = dealsQuery('campaigns', scope, q, undefined, new Date());
    return forPg(text, params);
  };
  const list = (q: Partial<DealsQuery>, who = agency) => async () => {
    const page = await client.request(c.dealsList, { limit: 50, ...q }, { principal: who });
    if (page.counts.pending + page.counts.active + page.counts.completed + page.counts.inactive !== CREATORS * CAMPAIGNS && !q.q) throw new Error('counts do not cover every offer');
  };

  const rows: RunStats[] = [];
  rows.push(await measure('raw pg `select 1` (baseline)', N, C, () => sql.query('select 1')));
  rows.push(await measure('RequestClient → campaigns health (baseline: NATS + select 1)', N, C, () => client.request(healthContracts.campaigns, {})));
  const first = raw({ limit: 50 });
  rows.push(await measure('raw SQL of the inbox: 500 creators, first page of 50 + counts', N, C, () => sql.query(first.text, first.values)));
  rows.push(await measure('deals.list as an agency: 500 creators, first page of 50 + counts', N, C, list({})));
  const needs = raw({ limit: 50, needs: 'me', tab: 'pending' });
  rows.push(await measure('raw SQL: tab=pending&needs=me', N, C, () => sql.query(needs.text, needs.values)));
  rows.push(await measure('deals.list tab=pending&needs=me', N, C, list({ tab: 'pending', needs: 'me' })));
  rows.push(await measure('deals.list q=creator_42 (text search)', N, C, list({ q: 'creator_42' })));
  rows.push(await measure('deals.list as the brand (10,000 offers)', N, C, list({}, brand)));
  console.log(table(rows));
  await nc.close();
} finally {
  await sql.end();
  await service.close();
  await nats.stop();
  await db.drop();
}
