import { Injectable } from '@nestjs/common';
import { rateEvents, userEvents } from '#libs/contracts';
import { applyInOrder, onEvent, type EventHandlerSet } from '#libs/messaging';
import { grantCopyHandlers } from '#libs/service-defaults';
import { KnownCreator, RateCardCopy } from './directory.entities.js';

/**
 * Keeps campaigns' copies of creators, rate cards and grants (the shared grant copy). Rate cards and grants apply in
 * order per aggregate (a late older version never overwrites a newer one).
 */
@Injectable()
export class DirectoryEventHandlers implements EventHandlerSet {
  handlers() {
    return [
      onEvent(userEvents.registered, async (em, event) => {
        const p = event.payload;
        if (p.kind !== 'creator') return;
        await em.upsert(KnownCreator, { creatorId: p.userId, handle: p.handle, name: p.name, registeredAt: new Date(p.at) });
      }),
      ...grantCopyHandlers(),
      onEvent(rateEvents.changed, async (em, event) => {
        await applyInOrder(em, 'rate-cards', event, async () => {
          const p = event.payload;
          await em.upsert(RateCardCopy, { creatorId: p.creatorId, version: p.version, items: p.items, changedAt: new Date(p.changedAt) });
        });
      }),
    ];
  }
}
