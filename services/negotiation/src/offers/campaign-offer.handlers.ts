import { Inject, Injectable } from '@nestjs/common';
import { offerEvents } from '#libs/contracts';
import { applyInOrder, onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { OfferLifecycle } from './offer-lifecycle.js';

const PROJECTION = 'campaigns-offers';

/** Campaigns' offer events: applied in the offer's own order, each once. */
@Injectable()
export class CampaignOfferHandlers implements EventHandlerSet {
  constructor(@Inject(OfferLifecycle) private readonly lifecycle: OfferLifecycle) {}

  handlers(): EventHandler[] {
    return [
      onEvent(offerEvents.created, (em, e) => applyInOrder(em, PROJECTION, e, () => this.lifecycle.open(em, e.payload)).then(() => undefined)),
      onEvent(offerEvents.withdrawn, (em, e) => applyInOrder(em, PROJECTION, e, () => this.lifecycle.close(em, e.payload.offerId, 'withdraw', e.payload.actorUserId)).then(() => undefined)),
      onEvent(offerEvents.expired, (em, e) => applyInOrder(em, PROJECTION, e, () => this.lifecycle.close(em, e.payload.offerId, 'expire', null)).then(() => undefined)),
    ];
  }
}
