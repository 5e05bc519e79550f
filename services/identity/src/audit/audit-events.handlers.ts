import { Inject, Injectable } from '@nestjs/common';
import { campaignsAuditEvents, negotiationAuditEvents, rosterAuditEvents, type AuditRecord, type EventContract } from '#libs/contracts';
import { onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { AuditService } from './audit.service.js';

/** Services whose writes for creators reach the audit log as events from their outbox. */
const AUDIT_EVENTS: EventContract[] = [rosterAuditEvents.recorded, campaignsAuditEvents.recorded, negotiationAuditEvents.recorded];

/**
 * Appends the actions other services recorded. The entry takes the event's id, and the inbox
 * commits with it, so a redelivered event never appears twice and a lost one is redelivered.
 */
@Injectable()
export class AuditEventHandlers implements EventHandlerSet {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  handlers(): EventHandler<any>[] {
    return AUDIT_EVENTS.map((contract) =>
      onEvent(contract, async (em, event) => {
        // Campaigns' records may have no acting user (time or another service acted).
        const r = event.payload as Omit<AuditRecord, 'actor'> & { actor: { userId: string | null; orgId: string | null } };
        this.audit.append(
          em,
          {
            action: r.action,
            actorUserId: r.actor.userId,
            actorOrgId: r.actor.orgId,
            orgId: r.orgId,
            onBehalfOf: r.onBehalfOf,
            grantId: r.grantId,
            target: r.target,
            details: r.details,
            traceId: r.traceId,
          },
          new Date(r.at),
          event.id,
        );
      }),
    );
  }
}
