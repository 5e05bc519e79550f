import { Inject, Injectable } from '@nestjs/common';
import { auditEvents, campaignsAuditEvents, negotiationAuditEvents, rosterAuditEvents, type AuditRecord, type AuditRecordV2, type EventContract } from '#libs/contracts';
import { onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { AuditService, type AuditInput } from './audit.service.js';

/** Version 1, still on the streams from before version 2: its actor may have no user (time or another service acted). */
type AuditRecordV1 = Omit<AuditRecord, 'actor'> & { actor: { userId: string | null; orgId: string | null } };
const V1_EVENTS: EventContract[] = [rosterAuditEvents.recorded, campaignsAuditEvents.recorded, negotiationAuditEvents.recorded];

function fromV1(r: AuditRecordV1): AuditInput {
  return { action: r.action, actorUserId: r.actor.userId, actorOrgId: r.actor.orgId, orgId: r.orgId, onBehalfOf: r.onBehalfOf, grantId: r.grantId, target: r.target, details: r.details, traceId: r.traceId };
}

function fromV2(r: AuditRecordV2): AuditInput {
  const org = r.actor.organization;
  return {
    action: r.action,
    actorUserId: r.actor.userId,
    actorOrgId: org?.id ?? null,
    // The organization an entry concerns is the acting agency, as version 1 recorded it.
    orgId: org?.kind === 'agency' ? org.id : null,
    onBehalfOf: r.onBehalfOf,
    grantId: r.grantId,
    target: r.target,
    details: r.details,
    traceId: r.traceId,
  };
}

/**
 * Appends the actions other services recorded (`recordForCreator` in every service that acts
 * for a creator). The entry takes the event's id, and the inbox commits with it, so a
 * redelivered event never appears twice and a lost one is redelivered.
 */
@Injectable()
export class AuditEventHandlers implements EventHandlerSet {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  handlers(): EventHandler<any>[] {
    return [
      ...V1_EVENTS.map((contract) => onEvent(contract, async (em, event) => {
        const record = event.payload as AuditRecordV1;
        this.audit.append(em, fromV1(record), new Date(record.at), event.id);
      })),
      ...Object.values(auditEvents).map((contract) => onEvent(contract, async (em, event) => {
        this.audit.append(em, fromV2(event.payload), new Date(event.payload.at), event.id);
      })),
    ];
  }
}
