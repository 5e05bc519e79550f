/**
 * Marketplace discovery at 100k creators, each figure beside its baselines in the same run on
 * the same servers: a raw `select 1` over pg (the floor of any query), and the very SQL the
 * service sends, sent raw over pg (what the index work costs without NATS, principal
 * signing, validation and JSON). Creators are written straight into metrics' tables (profiles,
 * summaries, audiences and their per-country rows: what the rollups and the profile projection
 * would hold), then every
 * case runs through `metrics.creators.discover.v1` as a brand.
 * Run: npm run bench:discovery   (BENCH_CREATORS, BENCH_CALLS)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { metricsContracts, type Principal, type RequestOf } from '#libs/contracts';
import { startService, type RunningService } from '#libs/service-defaults';
import { createTestDatabase, gatewayClient, startNatsServer } from '#libs/testing';
import { metricsApp } from '../../services/metrics/src/metrics.app.js';
import { discoverySql } from '../../services/metrics/src/discovery/discovery.reader.js';
import { measure, table, type RunStats } from './stats.js';

const CREATORS = Number(process.env.BENCH_CREATORS ?? 100_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 1_000);

const nats = await startNatsServer();
const db = await createTestDatabase();
const env = { NATS_URL: nats.url, DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: process.env.BENCH_LOG ?? 'silent', BENCHMARK_INTERVAL_MS: '3600000' };
const running: RunningService[] = [];
const pool = new pg.Pool({ connectionString: db.url, max: 4 });
const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: randomUUID(), orgKind: 'brand', role: 'viewer' };

/**
 * 100k creators: 70 % visible, one or two of the 23 categories, followers log-uniform from 1k to
 * 20M, engagement 0–12 % (3 % without), an audience in three countries (a home country of ten
 * with 40–90 %, 10 % of creators without audience data). Seeded, so every run has the same data.
 */
async function seed(): Promise<void> {
  await pool.query(`select setseed(0.42)`);
  await pool.query(`create temporary table seed as
    with r as (
      select i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8
        from generate_series(1, ${CREATORS}) i),
    k as (
      select i, r1, r2, r3, r4, r5, r6, r7, r8,
             array['art','automotive','beauty','comedy','dance','education','entertainment','family','fashion','finance','fitness','food',
                   'gaming','health','home','lifestyle','music','outdoors','pets','science','sports','tech','travel'] cats,
             array['US','BR','GB','DE','FR','MX','IN','ID','JP','CA'] countries,
             floor(r1 * 23)::int a, floor(r2 * 22)::int b, floor(r5 * 10)::int h
        from r)
    select (substr(md5('creator' || i), 1, 12) || '4' || substr(md5('creator' || i), 14, 3) || '8' || substr(md5('creator' || i), 18, 15))::uuid id, i,
           case when r8 < 0.5 then array[cats[a + 1]] else array[cats[a + 1], cats[(a + 1 + b) % 23 + 1]] end categories,
           r7 < 0.7 visible,
           floor(exp(ln(1000) + r3 * (ln(20000000) - ln(1000))))::bigint followers,
           case when r4 < 0.03 then null else r4 * 0.12 end engagement_rate,
           case when r6 < 0.1 then null else jsonb_build_object(countries[h + 1], 0.4 + 0.5 * r6, countries[(h + 1) % 10 + 1], (0.6 - 0.5 * r6) * 0.7,
                countries[(h + 2) % 10 + 1], (0.6 - 0.5 * r6) * 0.3) end countries
      from k`);
  await pool.query(`insert into metrics.creator_profiles ("creator_id", "handle", "display_name", "categories", "regions", "marketplace_visible", "changed_at")
    select id, 'creator' || i, 'Creator ' || i, categories, '{}', visible, now() from seed`);
  await pool.query(`insert into metrics.creator_summary ("creator_id", "followers", "follower_band", "category", "categories", "engagement_rate",
      "six_second_view_rate", "completion_rate", "median_views", "videos", "marketplace_visible", "updated_at")
    select id, followers,
           case when followers >= 10000000 then '10m-plus' when followers >= 1000000 then '1m-10m' when followers >= 100000 then '100k-1m'
                when followers >= 10000 then '10k-100k' else 'under-10k' end,
           categories[1], categories, engagement_rate, 0.4, 0.15, followers * 0.3, 30, visible, now()
      from seed`);
  await pool.query(`insert into metrics.audience_latest ("creator_id", "observation_id", "observed_at", "ages", "genders", "countries")
    select id, gen_random_uuid(), now(), '{"18-24": 1}', '{"female": 1}', countries from seed where countries is not null`);
  await pool.query(`insert into metrics.audience_countries ("creator_id", "country", "share")
    select id, c.key, c.value::float8 from seed cross join lateral jsonb_each_text(countries) c where countries is not null`);
  await pool.query(`vacuum analyze metrics.audience_countries`);
  await pool.query(`vacuum analyze metrics.creator_summary`);
  await pool.query(`vacuum analyze metrics.creator_profiles`);
  await pool.query(`vacuum analyze metrics.audience_latest`);
}

type Query = Partial<RequestOf<typeof metricsContracts.creatorsDiscover>>;

/** The service's SQL with pg's numbered placeholders, for sending raw. */
function rawSql(q: Query): { text: string; values: unknown[] } {
  const { cursor, ...filters } = q;
  const key = cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number, string]) : undefined;
  const after = key && { value: key[1], creatorId: key[2] };
  const { sql, params } = discoverySql({ ...filters, sort: q.sort ?? 'followers', limit: (q.limit ?? 25) + 1, ...(after ? { after } : {}) });
  let n = 0;
  return { text: sql.replace(/\?/g, () => `$${++n}`), values: params };
}

try {
  running.push(await startService({ ...metricsApp, env: { ...env, ...nats.envFor('metrics') } }));
  const seeding = performance.now();
  await seed();
  const seededIn = ((performance.now() - seeding) / 1000).toFixed(1);
  const nc = await nats.connect();
  const client = gatewayClient(nats, nc, 10_000);
  const discover = (q: Query) => client.request(metricsContracts.creatorsDiscover, q as never, { principal: brand });

  // A page deep into the list: the cursor after 20 pages of 25.
  let deep: string | undefined;
  for (let i = 0; i < 20; i++) deep = (await discover({ ...(deep ? { cursor: deep } : {}) })).nextCursor ?? undefined;
  const cases: [string, Query][] = [
    ['no filter, by followers', {}],
    ['category beauty, by followers', { category: 'beauty' }],
    ['country US ≥ 10 %, ≥ 100k followers', { country: 'US', minFollowers: 100_000 }],
    ['category fashion, country BR ≥ 20 %, engagement ≥ 5 %, by engagement', { category: 'fashion', country: 'BR', minCountryShare: 0.2, minEngagementRate: 0.05, sort: 'engagementRate' }],
    ['page 21 (cursor), by followers', { cursor: deep! }],
    ['rare: category automotive, country JP ≥ 50 %, ≥ 5M followers', { category: 'automotive', country: 'JP', minCountryShare: 0.5, minFollowers: 5_000_000 }],
    ['no creator matches: category automotive, country IS ≥ 10 %', { category: 'automotive', country: 'IS' }],
  ];

  const plans: string[] = [];
  for (const [name, q] of cases) {
    const { text, values } = rawSql(q);
    const { rows } = await pool.query(`explain (analyze, buffers, costs off, timing off, summary off) ${text}`, values);
    const plan = rows.map((r) => r['QUERY PLAN'] as string);
    // The summary scan: the rows it returned, plus those its filter dropped, until the page was full.
    const at = plan.findIndex((l) => /Scan .*on creator_summary/.test(l));
    const scan = plan[at] ?? '';
    const depth = scan.search(/\S/);
    const block = plan.slice(at + 1).filter((_, i, rest) => rest.slice(0, i + 1).every((l) => l.search(/\S/) > depth));
    const returned = Number(/actual rows=(\d+)/.exec(scan)?.[1] ?? 0);
    const removed = Number(block.map((l) => /Rows Removed by Filter: (\d+)/.exec(l)?.[1]).find(Boolean) ?? 0);
    const cond = block.find((l) => /Index Cond/.test(l))?.trim().replace(/\|/g, '\\|') ?? '';
    const buffers = /shared hit=(\d+)(?: read=(\d+))?/.exec(plan.find((l) => /Buffers/.test(l)) ?? '');
    const pages = Number(buffers?.[1] ?? 0) + Number(buffers?.[2] ?? 0);
    // Every index the plan reads, in plan order (the primary keys of the joined tables left out).
    const used = plan.flatMap((l) => /(?:using|Bitmap Index Scan on) (\w+)/.exec(l)?.[1] ?? []).filter((i) => !/creator_profiles_pkey|audience_latest_pkey/.test(i));
    const index = [...new Set(used)].join(' → ');
    plans.push(`| ${name} | ${index} | ${cond ? `\`${cond.replace('Index Cond: ', '')}\`` : ''} | ${returned + removed} | ${pages} |`);
    if (process.env.BENCH_PLANS) console.log(`\n${name}\n${plan.join('\n')}`);
  }

  const results: RunStats[] = [await measure('raw pg `select 1` (baseline)', CALLS, 1, () => pool.query('select 1'))];
  for (const [name, q] of cases) {
    const { text, values } = rawSql(q);
    results.push(await measure(`${name}: same SQL, raw pg`, CALLS, 1, () => pool.query(text, values)));
    results.push(await measure(`${name}: metrics.creators.discover.v1`, CALLS, 1, () => discover(q)));
  }
  results.push(await measure('category beauty, by followers: metrics.creators.discover.v1', CALLS, 8, () => discover({ category: 'beauty' })));

  const [visible] = (await pool.query(`select count(*) filter (where marketplace_visible)::int as v from metrics.creator_summary`)).rows;
  console.log(
    [
      `${CREATORS} creators (${visible.v} visible), seeded in ${seededIn} s; ${CALLS} calls per case`,
      '',
      table(results),
      '',
      '| case | indexes read (plan order) | condition on the summary scan | summary rows read | pages touched (whole query) |',
      '|---|---|---|---:|---:|',
      ...plans,
    ].join('\n'),
  );
  await nc.close();
} finally {
  for (const s of running.reverse()) await s.close();
  await pool.end();
  await nats.stop();
  await db.drop();
}
