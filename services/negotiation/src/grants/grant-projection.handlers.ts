import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { grantEvents, type EventEnvelope, type GrantEventPayload } from '#libs/contracts';
import { applyInOrder, onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { GrantProjection } from './grant-projection.entity.js';

const PROJECTION = 'grants';

async function upsert(em: EntityManager, e: EventEnvelope<GrantEventPayload>): Promise<void> {
  await applyInOrder(em, PROJECTION, e, async () => {
    const p = e.payload;
    const row = await em.findOne(GrantProjection, { id: p.grantId });
    const facts = { agencyId: p.agencyId, creatorId: p.creatorId, status: p.status, scopes: p.scopes, expiresAt: p.expiresAt ? new Date(p.expiresAt) : null, updatedAt: new Date(p.at) };
    if (row) Object.assign(row, facts);
    else em.persist(em.create(GrantProjection, { id: p.grantId, ...facts }));
  });
}

/**
 * Negotiation's copy of the delegation grants, for reads. Writes do not trust it alone: they
 * confirm the grant with identity (OfferAccess), since a copy can lag a revocation.
 */
@Injectable()
export class GrantProjectionHandlers implements EventHandlerSet {
  handlers(): EventHandler[] {
    return Object.values(grantEvents).map((contract) => onEvent(contract, (em, e) => upsert(em, e as EventEnvelope<GrantEventPayload>)));
  }
}
