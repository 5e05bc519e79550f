import type { EntityManager } from '@mikro-orm/postgresql';
import { CAMPAIGN_TABS, type CampaignTab, type TabCounts } from '#libs/contracts';
import { statusesIn } from './offer.state-machine.js';

const list = (tab: CampaignTab) => statusesIn(tab).map((s) => `'${s}'`).join(', ');
const PENDING = list('pending');

/**
 * Which tab each offer is in as of a given instant (`?` = now): a pending offer past
 * `respond_by` already counts as inactive, before any sweep records its expiry.
 */
const FILTER: Record<CampaignTab, string> = {
  pending: `"status" in (${PENDING}) and "respond_by" > ?`,
  active: `"status" in (${list('active')})`,
  completed: `"status" in (${list('completed')})`,
  inactive: `("status" in (${list('inactive')}) or ("status" in (${PENDING}) and "respond_by" <= ?))`,
};

/** How many offers fall in each tab, per creator or per campaign, in one query. */
export async function countTabs(em: EntityManager, by: 'creator_id' | 'campaign_id', ids: readonly string[], now: Date): Promise<Map<string, TabCounts>> {
  const counts = new Map<string, TabCounts>(ids.map((id) => [id, { pending: 0, active: 0, completed: 0, inactive: 0 }]));
  if (ids.length === 0) return counts;
  const schema = em.config.get('schema');
  const rows = await em.execute<({ key: string } & Record<CampaignTab, string>)[]>(
    `select "${by}" as "key", ${CAMPAIGN_TABS.map((tab) => `count(*) filter (where ${FILTER[tab]}) as "${tab}"`).join(', ')}
     from "${schema}"."offers" where "${by}" in (?) group by "${by}"`,
    [now, now, ids],
  );
  for (const row of rows) {
    counts.set(row.key, { pending: Number(row.pending), active: Number(row.active), completed: Number(row.completed), inactive: Number(row.inactive) });
  }
  return counts;
}

/** The same tabs as a MikroORM filter on offers, for listing one tab. */
export function tabFilter(tab: CampaignTab, now: Date): Record<string, unknown> {
  const pending = statusesIn('pending');
  switch (tab) {
    case 'pending':
      return { status: { $in: pending }, respondBy: { $gt: now } };
    case 'inactive':
      return { $or: [{ status: { $in: statusesIn('inactive') } }, { status: { $in: pending }, respondBy: { $lte: now } }] };
    default:
      return { status: { $in: statusesIn(tab) } };
  }
}
