import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  assignmentEvents,
  grantEvents,
  grantRequestEvents,
  invitationEvents,
  memberEvents,
  messageEvents,
  negotiationEvents,
  paymentEvents,
  userEvents,
  type NegotiationEventPayload,
} from '#libs/contracts';
import { onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { applyAssigneesChanged, applyMemberChanged, applyUserRegistered, personByEmail } from '../audience/people.projection.js';
import { deliver } from './notification.store.js';
import { holdInvitationMail, openInvitationsOf } from '../email/invitation-mail.store.js';
import { grantNotices, invitationNotice, offerNotices, paymentNotices } from './notice.rules.js';
import { offerNamesOf, rememberOfferNames, respondByDeadlineId, reviewDeadlineId, scheduleDeadline, settleDeadline, type Deadline } from './offer.projection.js';

const respondBy = (e: NegotiationEventPayload, dueAt: Date): Deadline => ({
  id: respondByDeadlineId(e.offerId),
  kind: 'deadline.respond_by',
  offerId: e.offerId,
  creatorId: e.creatorId,
  brandId: e.brandId,
  subjectId: e.offerId,
  dueAt,
});
const review = (e: NegotiationEventPayload & { submissionId: string }, dueAt: Date): Deadline => ({
  id: reviewDeadlineId(e.submissionId),
  kind: 'deadline.review',
  offerId: e.offerId,
  creatorId: e.creatorId,
  brandId: e.brandId,
  subjectId: e.submissionId,
  dueAt,
});

/** An answer of any kind ends the wait for one. */
async function answered(em: EntityManager, e: NegotiationEventPayload): Promise<void> {
  await settleDeadline(em, respondBy(e, new Date(e.occurredAt)), new Date(e.occurredAt));
}

/**
 * The domain events notifications turn into notices, and those that keep who to address
 * (durable consumer `notifications`, one per producing stream). Every notice is stored once per
 * recipient by its key, so redelivery, replays and events arriving out of order add nothing.
 */
@Injectable()
export class DomainEventHandlers implements EventHandlerSet {
  handlers(): EventHandler<any>[] {
    const now = () => new Date();
    return [
      // Who to address.
      onEvent(userEvents.registered, async (em, e) => {
        await applyUserRegistered(em, e.payload);
        // Invitations mailed to the address before it had an account now reach the account.
        if (e.payload.email) for (const i of await openInvitationsOf(em, e.payload.email, now())) await deliver(em, invitationNotice({ ...i, at: i.createdAt.toISOString() }, e.payload.userId), now(), { alreadyMailed: true });
      }),
      onEvent(memberEvents.changed, (em, e) => applyMemberChanged(em, e.payload)),
      onEvent(assignmentEvents.changed, (em, e) => applyAssigneesChanged(em, e.payload)),

      // Identity.
      onEvent(grantRequestEvents.requested, async (em, e) => void (await deliver(em, grantNotices.requested(e.payload), now()))),
      onEvent(grantEvents.revoked, async (em, e) => void (await deliver(em, grantNotices.revoked(e.payload), now()))),
      onEvent(invitationEvents.created, async (em, e) => {
        const invitee = await personByEmail(em, e.payload.email);
        // An address without an account gets a mail inviting it to sign up, and the notice once it has.
        if (invitee) await deliver(em, invitationNotice(e.payload, invitee), now());
        else await holdInvitationMail(em, e.payload);
      }),

      // Negotiation.
      onEvent(negotiationEvents.opened, async (em, e) => {
        const p = e.payload;
        await rememberOfferNames(em, p.offerId, { campaignName: p.campaignName, brandName: p.brandName });
        await deliver(em, offerNotices.opened(p), now());
        await scheduleDeadline(em, respondBy(p, new Date(p.respondBy)));
      }),
      onEvent(negotiationEvents.proposed, async (em, e) => void (await deliver(em, offerNotices.proposed(e.payload, await offerNamesOf(em, e.payload.offerId)), now()))),
      onEvent(negotiationEvents.confirmationRequested, async (em, e) =>
        void (await deliver(em, offerNotices.confirmationRequested(e.payload, await offerNamesOf(em, e.payload.offerId)), now())),
      ),
      onEvent(negotiationEvents.accepted, async (em, e) => {
        await answered(em, e.payload);
        await deliver(em, offerNotices.accepted(e.payload, await offerNamesOf(em, e.payload.offerId)), now());
      }),
      onEvent(negotiationEvents.declined, (em, e) => answered(em, e.payload)),
      onEvent(negotiationEvents.withdrawn, (em, e) => answered(em, e.payload)),
      onEvent(negotiationEvents.expired, (em, e) => answered(em, e.payload)),
      onEvent(negotiationEvents.submitted, async (em, e) => {
        const p = e.payload;
        await deliver(em, offerNotices.submitted(p, await offerNamesOf(em, p.offerId)), now());
        if (p.reviewDueAt) await scheduleDeadline(em, review(p, new Date(p.reviewDueAt)));
      }),
      onEvent(negotiationEvents.changesRequested, async (em, e) => {
        const p = e.payload;
        await settleDeadline(em, review(p, new Date(p.occurredAt)), new Date(p.occurredAt));
        await deliver(em, offerNotices.reviewed(p, await offerNamesOf(em, p.offerId), 'changes'), now());
      }),
      onEvent(negotiationEvents.approved, async (em, e) => {
        const p = e.payload;
        await settleDeadline(em, review(p, new Date(p.occurredAt)), new Date(p.occurredAt));
        await deliver(em, offerNotices.reviewed(p, await offerNamesOf(em, p.offerId), p.deemed ? 'deemed' : 'approved'), now());
      }),
      onEvent(negotiationEvents.cancellationRequested, async (em, e) =>
        void (await deliver(em, offerNotices.cancellationRequested(e.payload, await offerNamesOf(em, e.payload.offerId)), now())),
      ),
      onEvent(paymentEvents.due, async (em, e) => void (await deliver(em, paymentNotices.due(e.payload, await offerNamesOf(em, e.payload.offerId)), now()))),
      onEvent(paymentEvents.overdue, async (em, e) => void (await deliver(em, paymentNotices.overdue(e.payload, await offerNamesOf(em, e.payload.offerId)), now()))),
      onEvent(messageEvents.posted, async (em, e) => {
        const p = e.payload;
        await deliver(em, offerNotices.message({ ...p, occurredAt: p.at }, await offerNamesOf(em, p.offerId)), now());
      }),
    ];
  }
}
