import { Injectable } from '@nestjs/common';
import { negotiationEvents, type EventContract, type EventEnvelope, type NegotiationEventPayload } from '#libs/contracts';
import { onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { offerStatusChanged, type OfferEventName } from './webhook-events.rules.js';
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
 * Every offer event as an `offer.status_changed` delivery for the organizations it belongs to
 * (durable consumer `notifications-webhooks`), written in the consumer's transaction; the worker
 * sends them. The notification kinds come from the notices instead (`fanOutNotice`).
 */
@Injectable()
export class WebhookEventHandlers implements EventHandlerSet {
  handlers(): EventHandler<any>[] {
    return [
      ...OFFER_EVENTS.map(([contract, name]) =>
        onEvent(contract, async (em, event) => {
          const offer = (event as EventEnvelope<NegotiationEventPayload & Record<string, unknown>>).payload;
          await fanOut(em, event.id, await offerOwners(em, offer, new Date(offer.occurredAt)), [offerStatusChanged(name, offer)]);
        }),
      ),
    ];
  }
}
