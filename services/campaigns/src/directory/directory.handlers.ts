import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { grantEvents, rateEvents, userEvents, type EventEnvelope, type GrantEventPayload } from '#libs/contracts';
import { applyInOrder, onEvent, type EventHandlerSet } from '#libs/messaging';
import { GrantCopy, KnownCreator, RateCardCopy } from './directory.entities.js';

/**
 * Keeps campaigns' copies of creators, rate cards and grants. Rate cards and grants apply in
 * order per aggregate (a late older version never overwrites a newer one).
 */
@Injectable()
export class DirectoryEventHandlers implements EventHandlerSet {
  handlers() {
    const grant = async (em: EntityManager, event: EventEnvelope<GrantEventPayload>) => {
      await applyInOrder(em, 'grants', event, async () => {
        const p = event.payload;
        await em.upsert(GrantCopy, {
          grantId: p.grantId,
          agencyId: p.agencyId,
          creatorId: p.creatorId,
          status: p.status,
          scopes: p.scopes,
          expiresAt: p.expiresAt ? new Date(p.expiresAt) : null,
        });
      });
    };
    return [
      onEvent(userEvents.registered, async (em, event) => {
        const p = event.payload;
        if (p.kind !== 'creator') return;
        await em.upsert(KnownCreator, { creatorId: p.userId, handle: p.handle, name: p.name, registeredAt: new Date(p.at) });
      }),
      onEvent(grantEvents.activated, grant),
      onEvent(grantEvents.revoked, grant),
      onEvent(grantEvents.expired, grant),
      onEvent(grantEvents.scopesChanged, grant),
      onEvent(rateEvents.changed, async (em, event) => {
        await applyInOrder(em, 'rate-cards', event, async () => {
          const p = event.payload;
          await em.upsert(RateCardCopy, { creatorId: p.creatorId, version: p.version, items: p.items, changedAt: new Date(p.changedAt) });
        });
      }),
    ];
  }
}
