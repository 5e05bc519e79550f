import type pg from 'pg';

/** A campaign row written straight into campaigns' table, for benchmarks that measure reading offers. */
export async function insertCampaign(client: pg.PoolClient, campaignId: string, brandId: string, name: string): Promise<void> {
  await client.query(
    `insert into campaigns.campaigns values ($1, $2, 'Bench Brand', $3, '', '[]', '{"amount":1,"currency":"USD"}', now(), now() + interval '30 days', '[]', '{"regions":[],"ageRanges":[],"categories":[]}', $2, now())`,
    [campaignId, brandId, name],
  );
}
