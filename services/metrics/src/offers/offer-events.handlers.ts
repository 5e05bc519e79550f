import { Injectable } from '@nestjs/common';
import { negotiationEvents } from '#libs/contracts';
import { onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { applyOfferAccepted, applyOfferApproved, applyVideoLinked, recordOfferParties } from './offer.projection.js';

/**
 * Offers as metrics needs them for performance (durable consumer `metrics-offers__NEGOTIATION`);
 * each event applies in the consumer's transaction with its inbox row, so a redelivery changes
 * nothing.
 */
@Injectable()
export class OfferEventHandlers implements EventHandlerSet {
  handlers(): EventHandler<any>[] {
    return [
      onEvent(negotiationEvents.opened, (em, event) => recordOfferParties(em, event.payload)),
      onEvent(negotiationEvents.accepted, applyOfferAccepted),
      onEvent(negotiationEvents.approved, applyOfferApproved),
      onEvent(negotiationEvents.videoLinked, applyVideoLinked),
    ];
  }
}
