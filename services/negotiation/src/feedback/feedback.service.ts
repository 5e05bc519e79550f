import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '#libs/authz';
import { assertApprovableVideo, metricsContracts, type KnownVideo, type Principal, type SubmissionView, type Terms } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { UnitOfWork } from '#libs/service-defaults';
import { OfferAccess, systemActor, type OfferParty } from '../access/negotiation-access.js';
import { NegotiationAudit } from '../audit/negotiation-audit.js';
import { Contract, Offer } from '../offers/offer.entities.js';
import { enqueueOfferEvent } from '../offers/offer-events.js';
import { applyTransition } from '../offers/offer-expiry.js';
import { assertWorkInProgress, transition } from '../offers/offer.state-machine.js';
import { Submission } from './submission.entity.js';
import { PaymentLedger } from '../payments/payment-ledger.js';
import { occurrencesOfApproval } from '../payments/payment-schedule.rules.js';
import { assertVideoLinkable, isDeemedApproved, nextRound, reviewDueAt, reviewOutcome, workStatusOf, type ReviewDecision } from './submission.rules.js';

export function submissionView(s: Submission): SubmissionView {
  return {
    id: s.id,
    offerId: s.offerId,
    deliverable: s.deliverable as SubmissionView['deliverable'],
    round: s.round,
    url: s.url,
    caption: s.caption,
    notes: s.notes ?? null,
    videoId: s.videoId ?? null,
    status: s.status,
    submittedBy: { side: 'creator', userId: s.submittedByUserId, onBehalfOf: s.onBehalfOf ?? null, grantId: s.grantId ?? null },
    submittedAt: s.submittedAt.toISOString(),
    review: s.decision
      ? { decision: s.decision as ReviewDecision, comments: s.comments ?? null, deemed: s.deemed, reviewerUserId: s.reviewerUserId ?? null, at: s.reviewedAt!.toISOString() }
      : null,
  };
}

/** The contract, for an offer whose work is under way (409 naming the phase otherwise). */
async function contractOf(em: EntityManager, offer: Offer, now: Date): Promise<Contract> {
  assertWorkInProgress(offer, now);
  return em.findOneOrFail(Contract, { offerId: offer.id });
}

async function contractTerms(em: EntityManager, offer: Offer, now: Date): Promise<Terms> {
  return (await contractOf(em, offer, now)).terms;
}

/**
 * Creative feedback under a contract: the creator side submits a draft per deliverable, the
 * brand approves it or asks for changes (each ask uses a revision round), and a draft left
 * unreviewed past the contract's review window is approved by the clock.
 */
@Injectable()
export class FeedbackService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(OfferAccess) private readonly access: OfferAccess,
    @Inject(NegotiationAudit) private readonly audit: NegotiationAudit,
    @Inject(PaymentLedger) private readonly ledger: PaymentLedger,
    @Inject(RequestClient) private readonly requests: RequestClient,
  ) {}

  async list(principal: Principal, offerId: string) {
    const em = this.uow.reader();
    await this.access.read(em, principal, offerId);
    const rows = await em.find(Submission, { offerId }, { orderBy: [{ submittedAt: 'asc' }, { round: 'asc' }] });
    return { items: rows.map(submissionView) };
  }

  submit(principal: Principal, req: { offerId: string; deliverable: string; url: string; caption: string; notes?: string; videoId?: string }) {
    return this.access.write(principal, req.offerId, 'submit', async (em, party) => {
      const { offer, actor } = party;
      const now = new Date();
      const terms = await contractTerms(em, offer, now);
      const history = await em.find(Submission, { offerId: offer.id });
      const round = nextRound(terms, history, req.deliverable);
      const submission = em.create(Submission, {
        id: randomUUID(),
        offerId: offer.id,
        deliverable: req.deliverable,
        round,
        url: req.url,
        caption: req.caption,
        notes: req.notes ?? null,
        videoId: req.videoId ?? null,
        status: 'pending_review',
        submittedByUserId: principal.userId,
        onBehalfOf: actor.onBehalfOf,
        grantId: actor.grantId,
        submittedAt: now,
        reviewDueAt: reviewDueAt(now, terms),
        decision: null,
        comments: null,
        deemed: false,
        reviewerUserId: null,
        reviewedAt: null,
      });
      em.persist(submission);
      applyTransition(offer, transition(offer, { type: 'submit', workStatus: workStatusOf(terms, [...history, submission]) }, now), now);
      this.audit.record(em, { ...party.audit, offerId: offer.id, action: 'submission.created', details: { submissionId: submission.id, deliverable: req.deliverable, round } }, now);
      await em.flush();
      enqueueOfferEvent(em, offer, 'submitted', actor, now, { submissionId: submission.id, deliverable: submission.deliverable as never, round, reviewDueAt: submission.reviewDueAt.toISOString() });
      return submissionView(submission);
    });
  }

  async review(principal: Principal, req: { offerId: string; submissionId: string; decision: ReviewDecision; comments?: string }) {
    const known = req.decision === 'approve' ? await this.knownVideo(principal, req.offerId, req.submissionId) : [];
    return this.access.write(principal, req.offerId, 'review', async (em, { offer, audit }) => {
      const now = new Date();
      const contract = await contractOf(em, offer, now);
      const terms = contract.terms;
      const history = await em.find(Submission, { offerId: offer.id });
      const submission = history.find((s) => s.id === req.submissionId);
      if (!submission) throw notFound();
      const status = reviewOutcome(terms, history, submission, req.decision);
      if (status === 'approved' && submission.videoId) {
        assertApprovableVideo(submission.videoId, { creatorId: offer.creatorId, acceptedAt: contract.acceptedAt }, known);
      }
      Object.assign(submission, { status, decision: req.decision, comments: req.comments ?? null, reviewerUserId: principal.userId, reviewedAt: now });
      await this.settle(em, offer, terms, history, submission, audit, now, false);
      return submissionView(submission);
    });
  }

  /**
   * The creator side names the posted video of an approved draft: checked as an approval would
   * check it, then announced so metrics counts it. No review and no revision round.
   */
  async linkVideo(principal: Principal, req: { offerId: string; submissionId: string; videoId: string }) {
    const { items } = await this.requests.request(metricsContracts.videosLookup, { videoIds: [req.videoId] }, { principal });
    const known = items.map((v) => ({ creatorId: v.creatorId, postedAt: new Date(v.postedAt) }));
    return this.access.write(principal, req.offerId, 'submit', async (em, party) => {
      const now = new Date();
      const contract = await contractOf(em, party.offer, now);
      const submission = await em.findOne(Submission, { id: req.submissionId, offerId: party.offer.id });
      if (!submission) throw notFound();
      assertVideoLinkable({ status: submission.status, round: submission.round, deliverable: submission.deliverable, videoId: submission.videoId ?? null });
      assertApprovableVideo(req.videoId, { creatorId: party.offer.creatorId, acceptedAt: contract.acceptedAt }, known);
      submission.videoId = req.videoId;
      // The offer's version orders its events: this one must come after the approval it completes.
      party.offer.updatedAt = now;
      this.audit.record(em, { ...party.audit, offerId: party.offer.id, action: 'submission.video-linked', details: { submissionId: submission.id, deliverable: submission.deliverable, round: submission.round, videoId: req.videoId } }, now);
      await em.flush();
      enqueueOfferEvent(em, party.offer, 'video-linked', party.actor, now, { submissionId: submission.id, deliverable: submission.deliverable as never, round: submission.round, videoId: req.videoId });
      return submissionView(submission);
    });
  }

  /**
   * What metrics knows of the draft's video, asked before the offer is locked (a request over
   * NATS never runs inside the transaction). Metrics not answering fails the approval (503)
   * rather than letting an unchecked video through; the brand retries.
   */
  private async knownVideo(principal: Principal, offerId: string, submissionId: string): Promise<KnownVideo[]> {
    const draft = await this.uow.reader().findOne(Submission, { id: submissionId, offerId }, { fields: ['videoId'] });
    if (!draft?.videoId) return [];
    const { items } = await this.requests.request(metricsContracts.videosLookup, { videoIds: [draft.videoId] }, { principal });
    return items.map((v) => ({ creatorId: v.creatorId, postedAt: new Date(v.postedAt) }));
  }

  /**
   * Approves drafts whose review window has passed by `now`. Each offer is taken with
   * SKIP LOCKED: replicas sweeping at once, or a reviewer acting right now, never collide —
   * a skipped draft is looked at again on the next sweep. Returns how many were approved.
   */
  async approveDue(now: Date, limit = 100): Promise<number> {
    const due = await this.uow.reader().find(Submission, { status: 'pending_review', reviewDueAt: { $lte: now } }, { orderBy: { reviewDueAt: 'asc' }, limit, fields: ['id', 'offerId'] });
    let approved = 0;
    for (const { id, offerId } of due) {
      approved += await this.uow.run(async (em) => {
        const offer = await em.findOne(Offer, { id: offerId }, { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
        if (!offer || offer.status !== 'accepted' || offer.workStatus === 'completed') return 0;
        const terms = (await em.findOneOrFail(Contract, { offerId })).terms;
        const history = await em.find(Submission, { offerId });
        const submission = history.find((s) => s.id === id);
        if (!submission || !isDeemedApproved(submission, terms, now)) return 0;
        Object.assign(submission, { status: 'approved', decision: 'approve', comments: null, deemed: true, reviewerUserId: null, reviewedAt: now });
        await this.settle(em, offer, terms, history, submission, { creatorId: offer.creatorId, actor: systemActor('brand'), actorOrg: null }, now, true);
        return 1;
      });
    }
    return approved;
  }

  private async settle(em: EntityManager, offer: Offer, terms: Terms, history: Submission[], s: Submission, by: OfferParty['audit'], now: Date, deemed: boolean): Promise<void> {
    const { actor } = by;
    const approved = s.status === 'approved';
    applyTransition(offer, transition(offer, { type: 'review', workStatus: workStatusOf(terms, history), deemed, approved }, now), now);
    this.audit.record(
      em,
      {
        ...by,
        forCreator: deemed,
        offerId: offer.id,
        action: deemed ? 'submission.deemed-approved' : approved ? 'submission.approved' : 'submission.changes-requested',
        details: {
          submissionId: s.id,
          deliverable: s.deliverable,
          round: s.round,
          ...(deemed ? { reason: `not reviewed within the contract's review window of ${terms.reviewWindowDays} days`, submittedAt: s.submittedAt.toISOString(), reviewDueAt: s.reviewDueAt.toISOString() } : {}),
        },
      },
      now,
    );
    // An approval starts the clocks it triggers: the deliverable's milestones, content published, the balance.
    if (approved) await this.ledger.occur(em, offer, occurrencesOfApproval(s.deliverable as never, offer.workStatus === 'approved', now), by, now);
    await em.flush();
    const fields = { submissionId: s.id, deliverable: s.deliverable as never, round: s.round };
    if (approved) enqueueOfferEvent(em, offer, 'approved', actor, now, { ...fields, deemed, videoId: s.videoId ?? null });
    else enqueueOfferEvent(em, offer, 'changes-requested', actor, now, fields);
  }
}
