import type { EntityManager } from '@mikro-orm/postgresql';
import { CAMPAIGN_TABS, statusesIn, type CampaignTab, type TabCounts } from '#libs/contracts';
import { queryPrepared } from '#libs/persistence';

const FILTER: Record<CampaignTab, string> = Object.fromEntries(
  CAMPAIGN_TABS.map((tab) => [tab, `"status" in (${statusesIn(tab).map((s) => `'${s}'`).join(', ')})`]),
) as Record<CampaignTab, string>;

/**
 * How many offers fall in each tab, per creator or per campaign, in one query (prepared: the same
 * text for any number of ids, so PostgreSQL plans it once per connection, not on every card).
 */
export async function countTabs(em: EntityManager, by: 'creator_id' | 'campaign_id', ids: readonly string[]): Promise<Map<string, TabCounts>> {
  const counts = new Map<string, TabCounts>(ids.map((id) => [id, { pending: 0, active: 0, completed: 0, inactive: 0 }]));
  if (ids.length === 0) return counts;
  const schema = em.config.get('schema');
  const rows = await queryPrepared<{ key: string } & Record<CampaignTab, string>>(
    em,
    `select "${by}" as "key", ${CAMPAIGN_TABS.map((tab) => `count(*) filter (where ${FILTER[tab]}) as "${tab}"`).join(', ')}
     from "${schema}"."offers" where "${by}" = any(?::uuid[]) group by "${by}"`,
    [ids],
  );
  for (const row of rows) {
    counts.set(row.key, { pending: Number(row.pending), active: Number(row.active), completed: Number(row.completed), inactive: Number(row.inactive) });
  }
  return counts;
}

/** The same tabs as a MikroORM filter on offers, for listing one tab. */
export function tabFilter(tab: CampaignTab): Record<string, unknown> {
  return { status: { $in: statusesIn(tab) } };
}
