import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { identityContracts, type Actor, type Principal } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { currentTraceId } from '#libs/observability';
import { AuditEntry } from './audit-entry.entity.js';

export interface AuditFacts {
  offerId: string;
  /** e.g. `offer.proposed`, `submission.deemed-approved`. */
  action: string;
  actor: Actor;
  /** The creator's negotiation policy version that applied to the decision, when one did. */
  policyVersion?: number | null;
  details?: Record<string, unknown>;
}

/**
 * Every decision on an offer is recorded twice over: in negotiation's own append-only log, in
 * the decision's transaction (so it exists exactly when the decision does, including what the
 * clock decided), and — for an act through an agency grant — in the creator's audit log at
 * identity, with the grant used. Identity records it under a lock on the grant and refuses if
 * the grant is no longer in force, so this call is also the last word on a revocation that
 * raced the request: the refusal rolls the decision back.
 */
@Injectable()
export class NegotiationAudit {
  constructor(@Inject(RequestClient) private readonly requests: RequestClient) {}

  async record(em: EntityManager, facts: AuditFacts, at: Date, principal?: Principal): Promise<void> {
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
        traceId: currentTraceId() ?? null,
        details: facts.details ?? {},
      }),
    );
    if (principal?.actingFor && facts.actor.grantId) {
      await this.requests.request(
        identityContracts.auditRecord,
        {
          action: facts.action,
          target: { type: 'offer', id: facts.offerId },
          details: { ...facts.details, ...(facts.policyVersion != null ? { policyVersion: facts.policyVersion } : {}) },
        },
        { principal },
      );
    }
  }

  async list(em: EntityManager, offerId: string): Promise<AuditEntry[]> {
    return em.find(AuditEntry, { offerId }, { orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  }
}
