import type { EntityManager } from '@mikro-orm/postgresql';
import { statusesIn } from '#libs/contracts';

/** Offers that commit budget: accepted, in progress (cancellation asked but not settled) or completed. */
const COMMITTING = [...statusesIn('active'), ...statusesIn('completed')].map((s) => `'${s}'`).join(', ');

/**
 * What accepted offers committed of each campaign's budget (minor units of the budget's
 * currency: an offer's price is always in it), in one query.
 */
export async function committedAmounts(em: EntityManager, campaignIds: readonly string[]): Promise<Map<string, number>> {
  const committed = new Map<string, number>(campaignIds.map((id) => [id, 0]));
  if (campaignIds.length === 0) return committed;
  const schema = em.config.get('schema');
  const rows = await em.execute<{ key: string; amount: string }[]>(
    `select "campaign_id" as "key", sum(("price"->>'amount')::bigint) as "amount"
     from "${schema}"."offers" where "campaign_id" in (?) and "status" in (${COMMITTING}) group by "campaign_id"`,
    [campaignIds],
  );
  for (const row of rows) committed.set(row.key, Number(row.amount));
  return committed;
}
