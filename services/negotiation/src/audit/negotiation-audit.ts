import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, AuditAction, AuditActor } from '#libs/contracts';
import { recordForCreator } from '#libs/service-defaults';
import { traceOfRecord } from '#libs/observability';
import { AuditEntry } from './audit-entry.entity.js';

export interface AuditFacts {
  offerId: string;
  creatorId: string;
  /** e.g. `offer.proposed`, `submission.deemed-approved`. */
  action: AuditAction;
  actor: Actor;
  /** The acting user's organization (the agency, for an act through a grant). */
  actorOrg?: AuditActor['organization'];
  /** The creator's negotiation policy version that applied to the decision, when one did. */
  policyVersion?: number | null;
  /** Also for the creator's own log although no grant was used (what the clock decided on their work). */
  forCreator?: boolean;
  details?: Record<string, unknown>;
}

/**
 * Every decision on an offer goes to negotiation's own append-only log, in the decision's
 * transaction (so it exists exactly when the decision does, with the policy that applied).
 * What was done for a creator — through an agency grant, or by the clock — also goes to the
 * creator's audit log at identity, as an action event from the same transaction's outbox.
 */
@Injectable()
export class NegotiationAudit {
  record(em: EntityManager, facts: AuditFacts, at: Date): void {
    const traceId = traceOfRecord() ?? null;
    const details = { ...facts.details, ...(facts.policyVersion != null ? { policyVersion: facts.policyVersion } : {}) };
    em.persist(
      em.create(AuditEntry, {
        id: randomUUID(),
        at,
        offerId: facts.offerId,
        action: facts.action,
        side: facts.actor.side,
        actorUserId: facts.actor.userId,
        onBehalfOf: facts.actor.onBehalfOf,
        grantId: facts.actor.grantId,
        policyVersion: facts.policyVersion ?? null,
        traceId,
        details,
      }),
    );
    if (!facts.actor.grantId && !facts.forCreator) return;
    recordForCreator(em, {
      by: 'negotiation',
      action: facts.action,
      actor: { userId: facts.actor.userId, name: null, organization: facts.actorOrg ?? null },
      onBehalfOf: facts.creatorId,
      grantId: facts.actor.grantId,
      target: { type: 'offer', id: facts.offerId },
      details,
      at,
    });
  }

  async list(em: EntityManager, offerId: string): Promise<AuditEntry[]> {
    return em.find(AuditEntry, { offerId }, { orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  }
}
