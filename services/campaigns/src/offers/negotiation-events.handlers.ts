import { Inject, Injectable } from '@nestjs/common';
import { negotiationEvents as n, type EventContract, type EventEnvelope, type NegotiationEventPayload, type PayloadOf } from '#libs/contracts';
import { applyInOrder, onEvent, type EventHandlerSet } from '#libs/messaging';
import { LOGGER } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { OfferCommand } from './offer.state-machine.js';
import { OffersService } from './offers.service.js';

/** Negotiation's offer versions applied so far, per offer (aggregateVersion). */
export const NEGOTIATION_PROJECTION = 'offer-status';

/**
 * Negotiation's events turned into the offer's one status. Each is applied once and in order
 * per offer (applyInOrder): a redelivery or an event overtaken by a newer one changes nothing.
 */
@Injectable()
export class NegotiationEventHandlers implements EventHandlerSet {
  constructor(
    @Inject(OffersService) private readonly offers: OffersService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  handlers() {
    return [
      this.on(n.proposed, () => 'propose'),
      this.on(n.confirmationRequested, () => 'request-confirmation'),
      this.on(n.confirmationRejected, (p) => (p.status === 'awaiting_response' ? 'reopen' : 'reopen-countered')),
      this.on(n.accepted, () => 'accept'),
      this.on(n.declined, () => 'decline'),
      this.on(n.submitted, () => 'submit'),
      this.on(n.changesRequested, () => 'request-changes'),
      this.on(n.approved, (p) => (p.workStatus === 'approved' ? 'approve-all' : 'approve-part')),
      this.on(n.completed, () => 'complete'),
    ];
  }

  private on<C extends EventContract>(contract: C, command: (payload: PayloadOf<C>) => OfferCommand) {
    return onEvent(contract, async (em, event) => {
      await applyInOrder(em, NEGOTIATION_PROJECTION, event, async () => {
        const refused = await this.offers.applyNegotiation(em, event as EventEnvelope<NegotiationEventPayload>, command(event.payload));
        // Campaigns settled the offer first (withdrawn, expired): its status stands, the event is noted.
        if (refused) this.logger.warn({ eventId: event.id, type: event.type, offerId: event.aggregateId, reason: refused.detail }, 'negotiation event not applied');
      });
    });
  }
}
