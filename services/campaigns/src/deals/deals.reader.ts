import {
  CAMPAIGN_TABS,
  DELIVERY_PENDING,
  statusesIn,
  turnNeeded,
  type DealCounts,
  type DealsQuery,
  type LifecycleStatus,
  type Money,
  type Terms,
  type Turn,
} from '#libs/contracts';
import { containsPattern } from '#libs/persistence';

/** Whose offers a caller sees: one brand's, or those of the creators the caller's agency may read. */
export type DealsScope = { side: 'brand'; brandId: string } | { side: 'creator_side'; creatorIds: readonly string[] };

export interface DealRecord {
  id: string;
  campaign_id: string;
  brand_id: string;
  creator_id: string;
  status: LifecycleStatus;
  price: Money;
  terms: Terms;
  respond_by: Date;
  turn: Turn | null;
  below_rate_card: boolean | null;
  created_at: Date;
  campaign_name: string;
  brand_name: string;
  handle: string | null;
  creator_name: string | null;
  overdue: boolean;
}

type CountColumns = { [K in keyof DealCounts as `n_${K & string}`]: string };
/** One row per deal of the page, each carrying the counts; a single row of counts and null deal columns when the page is empty. */
export type DealsResultRow = CountColumns & ({ id: null } | DealRecord);

const list = (statuses: readonly string[]) => statuses.map((s) => `'${s}'`).join(', ');
const PENDING = list(statusesIn('pending'));
const DELIVERING = list(DELIVERY_PENDING);

/**
 * The inbox as one statement over campaigns' offers projection: the scope and filters make the
 * base set, the counts are taken over it (so tab counts ignore the tab, `needs` and `overdue`
 * filters that choose the page), and the page is read from it in (sentAt desc, id desc) order
 * after the cursor. The statuses come from the contracts' own tables, never from the client.
 */
export function dealsQuery(
  schema: string,
  scope: DealsScope,
  q: DealsQuery,
  cursor: { at: Date; id: string } | undefined,
  now: Date,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return '?';
  };
  // Placeholders are positional: each is bound in the order it appears in the statement.
  const overdue = `(o."status" in (${PENDING}) and o."respond_by" < ${bind(now)}) or (o."status" in (${DELIVERING}) and o."first_due_at" < ${bind(now)})`;
  const where: string[] = [];
  // Hundreds of creator ids travel as one JSON parameter, not one placeholder each.
  const inIds = (ids: readonly string[]) => (ids.length ? `o."creator_id" in (select jsonb_array_elements_text(${bind(JSON.stringify(ids))}::jsonb)::uuid)` : 'false');
  if (scope.side === 'brand') where.push(`o."brand_id" = ${bind(scope.brandId)}`);
  else where.push(inIds(scope.creatorIds));
  if (q.assignedCreatorIds) where.push(inIds(q.assignedCreatorIds));
  if (q.creatorId) where.push(`o."creator_id" = ${bind(q.creatorId)}`);
  if (q.brandId) where.push(`o."brand_id" = ${bind(q.brandId)}`);
  if (q.campaignId) where.push(`o."campaign_id" = ${bind(q.campaignId)}`);
  if (q.q) {
    const like = containsPattern(q.q);
    where.push(`(c."name" ilike ${bind(like)} or c."brand_name" ilike ${bind(like)} or k."handle" ilike ${bind(like)} or k."name" ilike ${bind(like)})`);
  }

  const myTurn = turnNeeded('me', scope.side);
  const counts = [
    ...CAMPAIGN_TABS.map((tab) => `count(*) filter (where "status" in (${list(statusesIn(tab))})) as "n_${tab}"`),
    `count(*) filter (where "turn" = ${bind(myTurn)}) as "n_needsMe"`,
    `count(*) filter (where "overdue") as "n_overdue"`,
  ];

  const chosen: string[] = [];
  if (q.tab) chosen.push(`"status" in (${list(statusesIn(q.tab))})`);
  if (q.needs) chosen.push(`"turn" = ${bind(turnNeeded(q.needs, scope.side))}`);
  if (q.overdue !== undefined) chosen.push(q.overdue ? `"overdue"` : `not "overdue"`);
  if (cursor) chosen.push(`("created_at", "id") < (${bind(cursor.at)}, ${bind(cursor.id)})`);
  const limit = bind(q.limit + 1);

  const t = (name: string) => `"${schema}"."${name}"`;
  // The base set carries only what filters, counts and orders; the page's 50 rows are joined to
  // their terms and names at the end, so the wide columns of thousands of rows are never copied.
  const names = q.q ? `join ${t('campaigns')} c on c."id" = o."campaign_id" left join ${t('known_creators')} k on k."creator_id" = o."creator_id"` : '';
  const sql = `with base as (
  select o."id", o."status", o."turn", o."created_at", coalesce(${overdue}, false) as "overdue"
  from ${t('offers')} o ${names}
  where ${where.join(' and ')}
), counts as (
  select ${counts.join(', ')} from base
), page as (
  select "id", "overdue" from base ${chosen.length ? `where ${chosen.join(' and ')}` : ''} order by "created_at" desc, "id" desc limit ${limit}
)
select counts.*, o."id", o."campaign_id", o."brand_id", o."creator_id", o."status", o."price", o."terms", o."respond_by", o."turn",
       o."below_rate_card", o."created_at", c."name" as "campaign_name", c."brand_name", k."handle", k."name" as "creator_name", page."overdue"
from counts
left join page on true
left join ${t('offers')} o on o."id" = page."id"
left join ${t('campaigns')} c on c."id" = o."campaign_id"
left join ${t('known_creators')} k on k."creator_id" = o."creator_id"
order by o."created_at" desc nulls last, o."id" desc`;
  return { sql, params };
}
