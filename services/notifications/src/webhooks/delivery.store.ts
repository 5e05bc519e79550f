import type { EntityManager } from '@mikro-orm/postgresql';
import { schemaOf } from '#libs/contracts';

const DELIVERIES = `"${schemaOf('notifications')}"."webhook_deliveries"`;
const ENDPOINTS = `"${schemaOf('notifications')}"."webhook_endpoints"`;

/** A due delivery taken by one worker, with what its attempt needs from the endpoint. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  body: string;
  /** The attempts count when claimed: the attempt is recorded only if nobody recorded one since. */
  attempts: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
}

/**
 * Takes up to `limit` due deliveries for this worker (`FOR UPDATE SKIP LOCKED`, so replicas
 * never take the same row) and leases them: their due time moves `leaseMs` ahead, so a worker
 * that dies mid-attempt leaves the delivery to be taken again, under the same `webhook-id`, once
 * the lease is over. A disabled endpoint's deliveries wait, except the one a person asked for.
 */
export async function claimDueDeliveries(em: EntityManager, now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const rows = await em.execute<
    { id: string; endpoint_id: string; body: string; attempts: number; url: string; secret: string; previous_secret: string | null; previous_secret_until: Date | null }[]
  >(
    `with due as (
       select d."id" from ${DELIVERIES} d join ${ENDPOINTS} e on e."id" = d."endpoint_id"
       where d."status" = 'pending' and d."next_attempt_at" <= ? and (e."disabled_at" is null or d."manual")
       order by d."next_attempt_at" limit ? for update of d skip locked)
     update ${DELIVERIES} d set "next_attempt_at" = ? from due, ${ENDPOINTS} e
     where d."id" = due."id" and e."id" = d."endpoint_id"
     returning d."id", d."endpoint_id", d."body", d."attempts", e."url", e."secret", e."previous_secret", e."previous_secret_until"`,
    [now, limit, new Date(now.getTime() + leaseMs)],
  );
  return rows.map((r) => ({
    id: r.id,
    endpointId: r.endpoint_id,
    body: r.body,
    attempts: r.attempts,
    url: r.url,
    secret: r.secret,
    previousSecret: r.previous_secret,
    previousSecretUntil: r.previous_secret_until ? new Date(r.previous_secret_until) : null,
  }));
}
