import type { EntityManager } from '@mikro-orm/postgresql';
import { statusesIn, type LifecycleStatus } from '#libs/contracts';

/**
 * Offers that commit their price: accepted, in progress (cancellation asked but not settled) or
 * completed. A cancelled offer commits what its settlement still binds the brand to
 * (`committedAfterCancellation`), as the campaign's results count it.
 */
const COMMITTING = [...statusesIn('active'), ...statusesIn('completed')].map((s) => `'${s}'`).join(', ');
const CANCELLED: LifecycleStatus = 'cancelled';

/**
 * What accepted offers committed of each campaign's budget (minor units of the budget's
 * currency: an offer's price is always in it), in one query.
 */
export async function committedAmounts(em: EntityManager, campaignIds: readonly string[]): Promise<Map<string, number>> {
  const committed = new Map<string, number>(campaignIds.map((id) => [id, 0]));
  if (campaignIds.length === 0) return committed;
  const schema = em.config.get('schema');
  const rows = await em.execute<{ key: string; amount: string }[]>(
    `select "campaign_id" as "key",
       sum(case when "status" in (${COMMITTING}) then ("price"->>'amount')::bigint else coalesce(("committed_after_cancellation"->>'amount')::bigint, 0) end) as "amount"
     from "${schema}"."offers" where "campaign_id" in (?) and ("status" in (${COMMITTING}) or "status" = '${CANCELLED}') group by "campaign_id"`,
    [campaignIds],
  );
  for (const row of rows) committed.set(row.key, Number(row.amount));
  return committed;
}
