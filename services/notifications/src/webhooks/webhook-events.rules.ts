import { lifecycleStatusOf, type GrantEventPayload, type NegotiationEventPayload, type WebhookEventType } from '#libs/contracts';

/**
 * Which webhook events a domain event makes, and what they carry. Every offer event is an
 * `offer.status_changed` (with the lifecycle status after it); the ones a person is told about
 * are also their notification kind. An event goes to the organizations it belongs to, and
 * only those (`owners`): an offer's brand, and each agency that sees the creator's offers
 * through a grant in force (decided by `agencySeesOffer` in `#libs/authz`, by the caller that
 * holds the grant copies); a grant's agency.
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

const OFFER_KINDS: Partial<Record<OfferEventName, WebhookEventType>> = {
  opened: 'offer.received',
  proposed: 'offer.countered',
  accepted: 'offer.accepted',
  'confirmation-requested': 'offer.awaiting_confirmation',
  submitted: 'submission.received',
  'changes-requested': 'submission.reviewed',
  approved: 'submission.reviewed',
};

/** The event's own facts that receivers may want beyond the offer's ids and status (no user text). */
const EXTRA_FIELDS = ['price', 'respondBy', 'contractId', 'submissionId', 'deliverable', 'round', 'deemed', 'videoId'] as const;

export function offerWebhookEvents(name: OfferEventName, payload: NegotiationEventPayload & Record<string, unknown>): WebhookEvent[] {
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
  const kind = OFFER_KINDS[name];
  const events: WebhookEvent[] = [{ type: 'offer.status_changed', at: payload.occurredAt, data }];
  if (kind) events.push({ type: kind, at: payload.occurredAt, data });
  return events;
}

export function grantRevokedWebhookEvent(payload: GrantEventPayload): WebhookEvent {
  return {
    type: 'grant.revoked',
    at: payload.at,
    data: { grantId: payload.grantId, agencyId: payload.agencyId, creatorId: payload.creatorId, scopes: payload.scopes, revokedBy: payload.actorUserId === payload.creatorId ? 'creator' : 'agency' },
  };
}

/** The Standard Webhooks body: `{type, timestamp, data}`, as the exact text that is signed and sent. */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.at, data: event.data });
}

export function pingEvent(endpointId: string, now: Date): WebhookEvent {
  return { type: 'ping', at: now.toISOString(), data: { endpointId } };
}
