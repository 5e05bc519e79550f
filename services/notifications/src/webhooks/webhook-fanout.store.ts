import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { offerGrants } from '../audience/offer-agencies.reader.js';
import { WebhookDelivery, WebhookEndpoint } from './webhook.entities.js';
import { matchesFilter } from './webhook-endpoint.rules.js';
import { newDelivery } from './delivery.state-machine.js';
import { noticeEventId, noticeOrganizations, noticeWebhookEvent, webhookBody, type WebhookEvent } from './webhook-events.rules.js';
import type { Notice } from '../inbox/notice.rules.js';

/**
 * The organizations an offer event belongs to: the brand that sent the offer, and each agency
 * that sees the creator's offers through a grant in force when the event happened (from the
 * service's grant copies). Nobody else.
 */
export async function offerOwners(em: EntityManager, offer: { brandId: string; creatorId: string }, at: Date): Promise<string[]> {
  const agencies = (await offerGrants(em, { creatorId: offer.creatorId }, at)).map((g) => g.agencyId);
  return [...new Set([offer.brandId, ...agencies])];
}

/**
 * Makes a delivery of each event for each enabled endpoint of `orgIds` whose filter takes it, in
 * the consumer's transaction. (endpoint, event, type) is unique, so a redelivered event adds
 * nothing. Returns how many deliveries it made.
 */
export async function fanOut(em: EntityManager, eventId: string, orgIds: readonly string[], events: readonly WebhookEvent[]): Promise<number> {
  if (orgIds.length === 0 || events.length === 0) return 0;
  const endpoints = await em.find(WebhookEndpoint, { orgId: { $in: [...orgIds] }, disabledAt: null });
  const now = new Date();
  const rows = endpoints.flatMap((endpoint) =>
    events
      .filter((event) => matchesFilter(endpoint.events, event.type))
      .map((event) => ({ id: randomUUID(), endpointId: endpoint.id, orgId: endpoint.orgId, eventId, eventType: event.type, body: webhookBody(event), ...newDelivery(now), createdAt: now })),
  );
  if (rows.length === 0) return 0;
  const result = await em.createQueryBuilder(WebhookDelivery).insert(rows).onConflict(['endpointId', 'eventId', 'eventType']).ignore().execute('run');
  return (result as { affectedRows?: number }).affectedRows ?? 0;
}

/**
 * A notice's webhook deliveries, in the transaction that stores the notice (`deliver` calls it):
 * its kind, for the organizations whose members it is for.
 */
export async function fanOutNotice(em: EntityManager, notice: Notice): Promise<number> {
  const orgs = await noticeOrganizations(notice, async () => (await offerOwners(em, { brandId: notice.brandId ?? '', creatorId: notice.creatorId! }, notice.at)).filter((org) => org !== notice.brandId));
  return fanOut(em, noticeEventId(notice.key), orgs, [noticeWebhookEvent(notice)]);
}
