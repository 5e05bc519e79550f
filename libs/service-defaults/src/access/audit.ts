import type { EntityManager } from '@mikro-orm/postgresql';
import { auditEvents, type AuditAction, type AuditActor, type AuditingService, type Principal } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { traceOfRecord } from '#libs/observability';

/** One action taken for a creator (or for an organization, with `onBehalfOf` null). */
export interface CreatorAuditEntry {
  /** The service that acted: its stream carries the record. */
  by: AuditingService;
  /** e.g. `rates.updated`, `offer.proposed`. */
  action: AuditAction;
  actor: AuditActor;
  /** The creator acted for, if any. */
  onBehalfOf: string | null;
  /** The delegation grant the actor used, if any. */
  grantId: string | null;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
  at: Date;
}

/** The caller as the audit log names them; names are filled in by identity, which knows them. */
export function auditActorOf(principal: Pick<Principal, 'userId' | 'orgId' | 'orgKind'>): AuditActor {
  return {
    userId: principal.userId,
    name: null,
    organization: principal.orgId && principal.orgKind ? { id: principal.orgId, name: null, kind: principal.orgKind } : null,
  };
}

/** No user acted: the clock (a deadline passed) or the service itself decided. */
export const SYSTEM_ACTOR: AuditActor = { userId: null, name: null, organization: null };

/**
 * Puts an action into identity's audit log: an event in the caller's unit of work (so it exists
 * exactly when the write does), appended by identity exactly once, with the trace of the request
 * that caused it.
 */
export function recordForCreator(em: EntityManager, entry: CreatorAuditEntry): void {
  enqueueEvent(em, auditEvents[entry.by], {
    aggregateId: entry.onBehalfOf ?? entry.actor.organization?.id ?? entry.actor.userId ?? entry.target.id,
    aggregateVersion: 0,
    payload: {
      action: entry.action,
      actor: entry.actor,
      onBehalfOf: entry.onBehalfOf,
      grantId: entry.grantId,
      target: entry.target,
      traceId: traceOfRecord() ?? null,
      details: entry.details ?? {},
      at: entry.at.toISOString(),
    },
  });
}
