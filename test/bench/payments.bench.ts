/**
 * The payments overview at 15,000 payments: 500 creators, 10 accepted offers each of one brand,
 * three payments per schedule in every status that counts (scheduled, due, overdue, paid this
 * month), a commission version per creator. negotiation's payments.overview over NATS as an
 * agency viewer holding campaigns:read grants for all 500 creators and as the brand, beside the
 * `select 1` / NATS baselines.
 * Run: npm run bench:payments   (BENCH_CALLS, BENCH_CONCURRENCY change the load)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { healthContracts, negotiationContracts as c, type PaymentStatus, type Principal } from '#libs/contracts';
import { startService } from '#libs/service-defaults';
import { createTestDatabase, gatewayClient, startNatsServer } from '#libs/testing';
import { negotiationApp } from '../../services/negotiation/src/negotiation.app.js';
import { measure, table, type RunStats } from './stats.js';

const N = Number(process.env.BENCH_CALLS ?? 500);
const C = Number(process.env.BENCH_CONCURRENCY ?? 1);
const CREATORS = 500;
const OFFERS_PER_CREATOR = 10;
const PAYMENTS_PER_OFFER = 3;

const nats = await startNatsServer();
const db = await createTestDatabase();
// The sweep would mark the bench's due payments overdue while it runs: once an hour is never here.
const service = await startService({ ...negotiationApp, env: { ...nats.envFor('negotiation'), DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', PAYMENT_OVERDUE_SWEEP_MS: '3600000' } });
const sql = new pg.Pool({ connectionString: db.url, max: Math.max(C, 2) });
try {
  // The data set, written straight into negotiation's tables: what is measured is reading it.
  const agencyId = randomUUID();
  const brandId = randomUUID();
  const creators = Array.from({ length: CREATORS }, () => randomUUID());
  const terms = { price: { amount: 90_000, currency: 'USD' }, paymentTerms: { upfrontPercent: 0, netDays: 30, milestones: [] }, deliverables: [{ type: 'video', quantity: 1, dueAt: new Date().toISOString() }], usageRightsDays: 0, exclusivityDays: 0, revisionRounds: 1, reviewWindowDays: 14 };
  const statuses: PaymentStatus[] = ['scheduled', 'due', 'overdue', 'paid'];
  const load = await sql.connect();
  await load.query('begin');
  await load.query(`create temp table bench_creators as select c as creator_id, i from unnest($1::uuid[]) with ordinality as t(c, i)`, [creators]);
  await load.query(
    `insert into negotiation.grant_copies (grant_id, agency_id, creator_id, status, scopes, expires_at, updated_at)
     select gen_random_uuid(), $1, creator_id, 'active', '["campaigns:read"]', null, now() from bench_creators`,
    [agencyId],
  );
  await load.query(
    `insert into negotiation.commission_versions (agency_id, creator_id, version, percent, splits, valid_from)
     select $1, creator_id, 1, 20, '[]', now() - interval '1 year' from bench_creators`,
    [agencyId],
  );
  await load.query(
    `create temp table bench_offers as
     select gen_random_uuid() as id, gen_random_uuid() as contract_id, b.creator_id, b.i, k, now() - ((b.i * ${OFFERS_PER_CREATOR} + k) || ' seconds')::interval as at
       from bench_creators b cross join generate_series(1, ${OFFERS_PER_CREATOR}) k`,
  );
  await load.query(
    `insert into negotiation.offers (id, campaign_id, brand_id, creator_id, status, work_status, current_version, current_author, campaign_name, brand_name, creator_handle, creator_name, created_at, updated_at, version)
     select id, gen_random_uuid(), $1, creator_id, 'accepted', 'active', 1, 'brand', 'Campaign ' || k, 'Bench Brand', 'creator_' || i, 'Creator ' || i, at, at, 1 from bench_offers`,
    [brandId],
  );
  await load.query(
    `insert into negotiation.contracts (id, offer_id, terms_version, terms, terms_hash, parties, policy_version, accepted_at)
     select contract_id, id, 1, $1, repeat('0', 64), jsonb_build_object('brandId', $2::uuid, 'creatorId', creator_id, 'acceptedBy', jsonb_build_object('side', 'creator', 'userId', creator_id, 'onBehalfOf', null, 'grantId', null), 'confirmedBy', null), null, at
       from bench_offers`,
    [JSON.stringify(terms), brandId],
  );
  await load.query(
    `insert into negotiation.payments (id, offer_id, contract_id, creator_id, brand_id, agency_id, seq, kind, name, amount, trigger, deliverable, net_days, due_at, status,
       invoiced_at, invoice_reference, paid_at, paid_reference, dispute_side, dispute_reason, disputed_at, voided_at, created_at, updated_at, version)
     select gen_random_uuid(), o.id, o.contract_id, o.creator_id, $1, $2, s, case s when 1 then 'upfront' when ${PAYMENTS_PER_OFFER} then 'balance' else 'milestone' end, 'Payment ' || s,
            '{"amount":30000,"currency":"USD"}', 'contract_signed', null, 30, case when st = 'scheduled' then null when st = 'due' then now() + interval '10 days' else now() - interval '1 day' end, st,
            null, null, case when st = 'paid' then now() else null end, case when st = 'paid' then 'W-1' else null end, null, null, null, null, o.at, o.at, 1
       from bench_offers o cross join generate_series(1, ${PAYMENTS_PER_OFFER}) s
       cross join lateral (select ($3::text[])[1 + (o.i + o.k + s) % 4] as st) pick`,
    [brandId, agencyId, statuses],
  );
  await load.query('commit');
  await load.query('analyze');
  load.release();

  const nc = await nats.connect();
  const client = gatewayClient(nats, nc, 10_000);
  const agency: Principal = { userId: randomUUID(), kind: 'manager', orgId: agencyId, orgKind: 'agency', role: 'viewer' };
  const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: brandId, orgKind: 'brand', role: 'viewer' };
  const total = CREATORS * OFFERS_PER_CREATOR * PAYMENTS_PER_OFFER;
  // Every payment here is this month's: all but the scheduled ones count in a total.
  const counted = Number((await sql.query(`select sum(("amount"->>'amount')::bigint) as n from negotiation.payments where status <> 'scheduled'`)).rows[0].n);
  const list = (q: { status?: PaymentStatus; creatorId?: string }, who = agency) => async () => {
    const page = await client.request(c.paymentsOverview, { limit: 50, ...q }, { principal: who });
    const [usd] = page.totals;
    if (!q.creatorId && (!usd || usd.due + usd.overdue + usd.paidThisMonth !== counted)) throw new Error('totals do not cover every payment');
    if (!page.items.length) throw new Error('an empty page');
  };

  const rows: RunStats[] = [];
  rows.push(await measure('raw pg `select 1` (baseline)', N, C, () => sql.query('select 1')));
  rows.push(await measure('RequestClient → negotiation health (baseline: NATS + select 1)', N, C, () => client.request(healthContracts.negotiation, {})));
  rows.push(await measure(`payments.overview as an agency: 500 creators, ${total.toLocaleString('en-US')} payments, first page of 50 + totals`, N, C, list({})));
  rows.push(await measure('payments.overview status=overdue', N, C, list({ status: 'overdue' })));
  rows.push(await measure('payments.overview creatorId=one creator', N, C, list({ creatorId: creators[42]! })));
  rows.push(await measure(`payments.overview as the brand (${total.toLocaleString('en-US')} payments)`, N, C, list({}, brand)));
  console.log(table(rows));
  await nc.close();
} finally {
  await sql.end();
  await service.close();
  await nats.stop();
  await db.drop();
}
