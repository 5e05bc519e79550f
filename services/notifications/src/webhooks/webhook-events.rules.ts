import { createHash } from 'node:crypto';
import { lifecycleStatusOf, type NegotiationEventPayload, type WebhookEventType } from '#libs/contracts';
import type { Notice } from '../inbox/notice.rules.js';

/**
 * What webhooks carry. Every offer event is an `offer.status_changed` (with the lifecycle
 * status after it), for the offer's brand and each agency that sees the creator's offers
 * through a grant in force (`agencySeesOffer` in `#libs/authz`). Every notice (the moments
 * people are told about, `notice.rules.ts`) is also a webhook event of its kind, for the
 * organizations whose members it is for. Nobody else gets either.
 */
export interface WebhookEvent {
  type: WebhookEventType;
  /** When it happened (the body's `timestamp`). */
  at: string;
  data: Record<string, unknown>;
}

/** What an offer event is called in `offer.status_changed` (the suffix of its subject, e.g. `changes-requested`). */
export type OfferEventName =
  | 'opened'
  | 'withdrawn'
  | 'expired'
  | 'proposed'
  | 'confirmation-requested'
  | 'confirmation-rejected'
  | 'accepted'
  | 'declined'
  | 'submitted'
  | 'changes-requested'
  | 'approved'
  | 'completed';

/** The event's own facts that receivers may want beyond the offer's ids and status (no user text). */
const EXTRA_FIELDS = ['price', 'respondBy', 'contractId', 'submissionId', 'deliverable', 'round', 'deemed', 'videoId'] as const;

export function offerStatusChanged(name: OfferEventName, payload: NegotiationEventPayload & Record<string, unknown>): WebhookEvent {
  const data: Record<string, unknown> = {
    offerId: payload.offerId,
    campaignId: payload.campaignId,
    brandId: payload.brandId,
    creatorId: payload.creatorId,
    event: name,
    status: lifecycleStatusOf(payload.status, payload.workStatus),
    offerStatus: payload.status,
    workStatus: payload.workStatus,
    termsVersion: payload.version,
    actorSide: payload.actor.side,
  };
  for (const field of EXTRA_FIELDS) if (payload[field] !== undefined) data[field] = payload[field];
  return { type: 'offer.status_changed', at: payload.occurredAt, data };
}

/**
 * A notice (a notification kind, decided once in `notice.rules.ts`) as a webhook event: what
 * its members are told, with the ids it is about.
 */
export function noticeWebhookEvent(notice: Notice): WebhookEvent {
  return {
    type: notice.kind,
    at: notice.at.toISOString(),
    data: { title: notice.title, body: notice.body, link: notice.link, creatorId: notice.creatorId, brandId: notice.brandId, agencyId: notice.agencyId },
  };
}

/**
 * The organizations a notice belongs to: those whose members it is for, as parties (the brand;
 * one agency; the agencies acting for the creator, which the caller finds from its grant
 * copies). A notice for a creator or one user alone belongs to no organization.
 */
export function noticeOrganizations(notice: Notice, creatorAgencies: () => Promise<string[]>): Promise<string[]> {
  const orgs: string[] = [];
  if (notice.to.includes('brand') && notice.brandId) orgs.push(notice.brandId);
  if (notice.to.includes('agency') && notice.agencyId) orgs.push(notice.agencyId);
  if (notice.to.includes('org-admins') && notice.orgId) orgs.push(notice.orgId);
  if (!notice.to.includes('creator-agency') || !notice.creatorId) return Promise.resolve(orgs);
  return creatorAgencies().then((agencies) => [...new Set([...orgs, ...agencies])]);
}

/** A stable event id for a notice (its dedupe key hashed into UUID form), so a replay makes no second delivery. */
export function noticeEventId(key: string): string {
  const h = createHash('sha256').update(`webhook-notice:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The Standard Webhooks body: `{type, timestamp, data}`, as the exact text that is signed and sent. */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.at, data: event.data });
}

export function pingEvent(endpointId: string, now: Date): WebhookEvent {
  return { type: 'ping', at: now.toISOString(), data: { endpointId } };
}

/** Tells the organization's owners and admins (and its other endpoints) that an endpoint was switched off. */
export function endpointDisabledNotice(endpoint: { id: string; orgId: string; url: string; consecutiveFailures: number }, now: Date): Notice {
  return {
    kind: 'webhook.disabled',
    key: `webhook.disabled:${endpoint.id}:${now.toISOString()}`,
    title: 'A webhook endpoint was switched off',
    body: `${endpoint.url} failed ${endpoint.consecutiveFailures} times in a row and receives nothing more. Fix it, then send a test ping or retry a delivery to switch it on again.`,
    link: '/settings/webhooks',
    to: ['org-admins'],
    creatorId: null,
    brandId: null,
    agencyId: null,
    userId: null,
    orgId: endpoint.orgId,
    actorUserId: null,
    at: now,
  };
}
