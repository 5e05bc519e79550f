import { Injectable } from '@nestjs/common';
import { grantEvents, negotiationEvents, type EventContract, type EventEnvelope, type GrantEventPayload, type NegotiationEventPayload } from '#libs/contracts';
import { onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { grantRevokedWebhookEvent, offerWebhookEvents, type OfferEventName } from './webhook-events.rules.js';
import { fanOut, offerOwners } from './webhook-fanout.store.js';

const OFFER_EVENTS: [EventContract, OfferEventName][] = [
  [negotiationEvents.opened, 'opened'],
  [negotiationEvents.withdrawn, 'withdrawn'],
  [negotiationEvents.expired, 'expired'],
  [negotiationEvents.proposed, 'proposed'],
  [negotiationEvents.confirmationRequested, 'confirmation-requested'],
  [negotiationEvents.confirmationRejected, 'confirmation-rejected'],
  [negotiationEvents.accepted, 'accepted'],
  [negotiationEvents.declined, 'declined'],
  [negotiationEvents.submitted, 'submitted'],
  [negotiationEvents.changesRequested, 'changes-requested'],
  [negotiationEvents.approved, 'approved'],
  [negotiationEvents.completed, 'completed'],
];

/**
 * Domain events turned into webhook deliveries for the organizations they belong to (durable
 * consumer `notifications-webhooks`): every offer event for the offer's brand and the agencies
 * seeing the creator's offers; a revoked grant for its agency. Deliveries are rows written in
 * the consumer's transaction; the worker sends them.
 */
@Injectable()
export class WebhookEventHandlers implements EventHandlerSet {
  handlers(): EventHandler<any>[] {
    return [
      ...OFFER_EVENTS.map(([contract, name]) =>
        onEvent(contract, async (em, event) => {
          const offer = (event as EventEnvelope<NegotiationEventPayload & Record<string, unknown>>).payload;
          await fanOut(em, event.id, await offerOwners(em, offer, new Date(offer.occurredAt)), offerWebhookEvents(name, offer));
        }),
      ),
      onEvent(grantEvents.revoked, async (em, event) => {
        const grant = (event as EventEnvelope<GrantEventPayload>).payload;
        await fanOut(em, event.id, [grant.agencyId], [grantRevokedWebhookEvent(grant)]);
      }),
    ];
  }
}
