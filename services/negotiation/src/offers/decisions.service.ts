import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, AuditAction, Principal } from '#libs/contracts';
import { OfferAccess, type OfferParty } from '../access/negotiation-access.js';
import { NegotiationAudit } from '../audit/negotiation-audit.js';
import { PolicyService } from '../policy/policy.service.js';
import { assertAboveFloor, needsConfirmation } from '../policy/policy.rules.js';
import { termsHash } from '../terms/terms.canonical.js';
import { Contract, PendingAccept, type Offer, type TermsVersion } from './offer.entities.js';
import { transition, type OfferCommand, type OfferTransition } from './offer.state-machine.js';
import { applyTransition } from './offer-expiry.js';
import { currentTerms } from './offer.views.js';
import { enqueueOfferEvent } from './offer-events.js';
import { PaymentLedger } from '../payments/payment-ledger.js';

export interface DecisionResult {
  status: Offer['status'];
  version: number;
  contract: { id: string; version: number; termsHash: string } | null;
  policyVersion: number | null;
}

/** Accepting, declining, the creator's confirmation of an agency's accept, and completion. */
@Injectable()
export class DecisionsService {
  constructor(
    @Inject(OfferAccess) private readonly access: OfferAccess,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(NegotiationAudit) private readonly audit: NegotiationAudit,
    @Inject(PaymentLedger) private readonly ledger: PaymentLedger,
  ) {}

  /**
   * The side that did not author the current version accepts it, naming it. A creator-side
   * accept is held to the creator's floor; an agency's, when the creator asked for it, waits for
   * their confirmation; otherwise the terms freeze into a contract at once.
   */
  accept(principal: Principal, req: { offerId: string; version: number }): Promise<DecisionResult> {
    return this.access.write(principal, req.offerId, 'negotiate', async (em, party) => {
      const { offer, side, actor, byAgency } = party;
      const now = new Date();
      const policy = side === 'creator' ? await this.policies.factsFor(em, offer.creatorId) : null;
      const waits = policy ? needsConfirmation(policy, byAgency) : false;
      const t = transition(offer, { type: 'accept', side, version: req.version, needsConfirmation: waits }, now);
      const terms = await currentTerms(em, offer);
      if (policy) assertAboveFloor(policy, terms.terms, side, 'accept');
      this.apply(offer, t, now);
      const policyVersion = policy?.version ?? null;
      if (t.event === 'accepted') {
        const contract = this.freeze(em, offer, terms, actor, null, policyVersion, now);
        this.audit.record(em, { ...party.audit, offerId: offer.id, action: 'offer.accepted', policyVersion, details: { version: offer.currentVersion, contractId: contract.id, termsHash: contract.termsHash } }, now);
        // The schedule is made here, in the acceptance's own unit of work: no accepted offer without one.
        await this.ledger.schedule(em, offer, contract, party.audit, now);
        await em.flush();
        enqueueOfferEvent(em, offer, 'accepted', actor, now, { price: terms.terms.price, contractId: contract.id, termsHash: contract.termsHash });
        return { status: offer.status, version: offer.currentVersion, contract: { id: contract.id, version: contract.termsVersion, termsHash: contract.termsHash }, policyVersion };
      }
      em.persist(em.create(PendingAccept, { offerId: offer.id, termsVersion: offer.currentVersion, actorUserId: actor.userId!, grantId: actor.grantId, policyVersion: policyVersion ?? 0, createdAt: now }));
      this.audit.record(em, { ...party.audit, offerId: offer.id, action: 'offer.confirmation-requested', policyVersion, details: { version: offer.currentVersion, requireConfirmation: true } }, now);
      await em.flush();
      enqueueOfferEvent(em, offer, 'confirmation-requested', actor, now, {});
      return { status: offer.status, version: offer.currentVersion, contract: null, policyVersion };
    });
  }

  /** The creator settles their agency's waiting accept: the contract freezes, naming both. */
  confirm(principal: Principal, req: { offerId: string }): Promise<DecisionResult> {
    return this.access.write(principal, req.offerId, 'confirm', async (em, party) => {
      const { offer, actor } = party;
      const now = new Date();
      const t = transition(offer, { type: 'confirm' }, now);
      const pending = await em.findOneOrFail(PendingAccept, { offerId: offer.id });
      const terms = await currentTerms(em, offer);
      this.apply(offer, t, now);
      const accepter: Actor = { side: 'creator', userId: pending.actorUserId, onBehalfOf: offer.creatorId, grantId: pending.grantId ?? null };
      const contract = this.freeze(em, offer, terms, accepter, actor.userId, pending.policyVersion, now);
      em.remove(pending);
      this.audit.record(em, { ...party.audit, offerId: offer.id, action: 'offer.confirmed', policyVersion: pending.policyVersion, details: { version: offer.currentVersion, acceptedBy: pending.actorUserId, grantId: pending.grantId, contractId: contract.id } }, now);
      await this.ledger.schedule(em, offer, contract, party.audit, now);
      await em.flush();
      enqueueOfferEvent(em, offer, 'accepted', actor, now, { price: terms.terms.price, contractId: contract.id, termsHash: contract.termsHash });
      return { status: offer.status, version: offer.currentVersion, contract: { id: contract.id, version: contract.termsVersion, termsHash: contract.termsHash }, policyVersion: pending.policyVersion };
    });
  }

  rejectConfirmation(principal: Principal, req: { offerId: string; reason?: string }): Promise<DecisionResult> {
    return this.decide(principal, req.offerId, 'confirm', { type: 'reject-confirmation' }, 'offer.confirmation-rejected', { reason: req.reason ?? null });
  }

  decline(principal: Principal, req: { offerId: string; reason: string }): Promise<DecisionResult> {
    return this.decide(principal, req.offerId, 'negotiate', { type: 'decline', side: 'brand' }, 'offer.declined', { reason: req.reason });
  }

  complete(principal: Principal, req: { offerId: string }) {
    return this.access.write(principal, req.offerId, 'complete', async (em, { offer, actor, audit }) => {
      const now = new Date();
      const t = transition(offer, { type: 'complete', everyDeliverableApproved: offer.workStatus === 'approved' }, now);
      this.apply(offer, t, now);
      this.audit.record(em, { ...audit, offerId: offer.id, action: 'offer.completed' }, now);
      await em.flush();
      enqueueOfferEvent(em, offer, 'completed', actor, now, {});
      return { status: offer.status, workStatus: offer.workStatus ?? null };
    });
  }

  /** A decision with no terms and no contract: decline, or sending a waiting accept back. */
  private decide(principal: Principal, offerId: string, action: 'negotiate' | 'confirm', command: OfferCommand, auditAction: AuditAction, details: { reason: string | null }): Promise<DecisionResult> {
    return this.access.write(principal, offerId, action, async (em, party: OfferParty) => {
      const { offer, actor } = party;
      const now = new Date();
      const t = transition(offer, command.type === 'decline' ? { type: 'decline', side: party.side } : command, now);
      this.apply(offer, t, now);
      if (t.event === 'declined') offer.closedReason = details.reason;
      const pending = await em.findOne(PendingAccept, { offerId: offer.id });
      if (pending) em.remove(pending);
      this.audit.record(em, { ...party.audit, offerId: offer.id, action: auditAction, details: { version: offer.currentVersion, ...details } }, now);
      await em.flush();
      if (t.event === 'declined') enqueueOfferEvent(em, offer, 'declined', actor, now, { reason: details.reason! });
      else enqueueOfferEvent(em, offer, 'confirmation-rejected', actor, now, {});
      return { status: offer.status, version: offer.currentVersion, contract: null, policyVersion: null };
    });
  }

  private apply(offer: Offer, t: OfferTransition, now: Date): void {
    applyTransition(offer, t, now);
  }

  /** The immutable record of what was agreed: the terms, their SHA-256, the parties and the time. */
  private freeze(em: EntityManager, offer: Offer, terms: TermsVersion, acceptedBy: Actor, confirmedBy: string | null, policyVersion: number | null, now: Date): Contract {
    const contract = em.create(Contract, {
      id: randomUUID(),
      offerId: offer.id,
      termsVersion: terms.number,
      terms: terms.terms,
      termsHash: termsHash(terms.terms),
      parties: { brandId: offer.brandId, creatorId: offer.creatorId, acceptedBy, confirmedBy },
      policyVersion,
      acceptedAt: now,
    });
    em.persist(contract);
    return contract;
  }
}
