import type { EntityManager } from '@mikro-orm/postgresql';
import { campaignsAuditEvents, type Principal } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { traceOfRecord } from '#libs/observability';

export interface AuditedAction {
  action: string;
  /** Null when time acted (an expiry). */
  actor: Principal | null;
  onBehalfOf: string | null;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
}

/**
 * Puts an action taken for a creator into identity's audit log: an event in the write's own
 * transaction, appended by identity exactly once.
 */
export function recordAction(em: EntityManager, entry: AuditedAction, at: Date): void {
  const actor = entry.actor;
  enqueueEvent(em, campaignsAuditEvents.recorded, {
    aggregateId: entry.onBehalfOf ?? actor?.orgId ?? entry.target.id,
    aggregateVersion: 0,
    payload: {
      action: entry.action,
      actor: { userId: actor?.userId ?? null, orgId: actor?.orgId ?? null },
      orgId: actor?.orgId ?? null,
      onBehalfOf: entry.onBehalfOf,
      grantId: actor?.actingFor?.grantId ?? null,
      target: entry.target,
      traceId: traceOfRecord() ?? null,
      details: entry.details ?? {},
      at: at.toISOString(),
    },
  });
}
