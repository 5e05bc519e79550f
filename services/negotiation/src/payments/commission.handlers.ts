import { Injectable } from '@nestjs/common';
import { commissionEvents } from '#libs/contracts';
import { applyInOrder, onEvent, type EventHandlerSet } from '#libs/messaging';
import { CommissionVersion } from './payment.entities.js';

/** Commission versions applied so far, per commission (aggregateVersion). */
export const COMMISSION_PROJECTION = 'commission';

/**
 * Negotiation's copy of roster's commission versions: every version is kept (a payment is split
 * by the one in force when its contract was accepted), each once whatever the redeliveries.
 */
@Injectable()
export class CommissionHandlers implements EventHandlerSet {
  handlers() {
    return [
      onEvent(commissionEvents.changed, async (em, event) => {
        await applyInOrder(em, COMMISSION_PROJECTION, event, async () => {
          const p = event.payload;
          if (await em.findOne(CommissionVersion, { agencyId: p.agencyId, creatorId: p.creatorId, version: p.version })) return;
          em.persist(em.create(CommissionVersion, { agencyId: p.agencyId, creatorId: p.creatorId, version: p.version, percent: p.percent, splits: p.splits, validFrom: new Date(p.changedAt) }));
        });
      }),
    ];
  }
}
