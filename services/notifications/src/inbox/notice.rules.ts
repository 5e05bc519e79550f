import { formatMoney, type NotificationKind } from '#libs/contracts';

/**
 * Who a notice is for, as parties to what happened; `audience.rules.ts` turns them into people.
 * - `creator`: the creator themselves.
 * - `creator-agency`: the agency members assigned to the creator in each agency holding an
 *   active grant (all managers and up when nobody is assigned).
 * - `brand`: every member of the brand.
 * - `agency`: the managers and up of one agency (`agencyId`), grant or not (its grant ended).
 * - `user`: one user (`userId`), e.g. an invitee.
 * - `org-admins`: the owners and admins of one organization (`orgId`), agency or brand.
 */
export type Party = 'creator' | 'creator-agency' | 'brand' | 'agency' | 'user' | 'org-admins';

/** One thing worth telling people about, before it is addressed to anyone. */
export interface Notice {
  kind: NotificationKind;
  /** Same key, same notice: a repeated or replayed event never notifies anyone twice. */
  key: string;
  title: string;
  body: string;
  link: string;
  /** A party's own page when it differs from `link` (agencies manage grants elsewhere than creators). */
  links?: Partial<Record<Party, string>>;
  to: readonly Party[];
  creatorId: string | null;
  brandId: string | null;
  agencyId: string | null;
  userId: string | null;
  /** The organization of an `org-admins` notice. */
  orgId?: string | null;
  /** Who caused it (never notified of their own act); null when time did. */
  actorUserId: string | null;
  at: Date;
}

export interface OfferNames {
  campaignName: string;
  brandName: string;
}

interface OfferFacts {
  offerId: string;
  creatorId: string;
  brandId: string;
  occurredAt: string;
  actor: { side: 'brand' | 'creator'; userId: string | null };
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
export const dayOf = (iso: string | Date) => DAY.format(new Date(iso));

const CREATOR_SIDE: Party[] = ['creator', 'creator-agency'];
/** The side that did not act. */
const otherSide = (actor: OfferFacts['actor']): Party[] => (actor.side === 'brand' ? CREATOR_SIDE : ['brand']);

const campaignOf = (names: OfferNames | null) => names?.campaignName ?? 'an offer';

function offerNotice(e: OfferFacts, kind: NotificationKind, key: string, to: Party[], title: string, body: string): Notice {
  return {
    kind,
    key,
    title,
    body,
    link: `/offers/${e.offerId}`,
    to,
    creatorId: e.creatorId,
    brandId: e.brandId,
    agencyId: null,
    userId: null,
    actorUserId: e.actor.userId,
    at: new Date(e.occurredAt),
  };
}

/** What each of negotiation's offer events tells, and to whom; null when it tells nobody anything. */
export const offerNotices = {
  opened: (e: OfferFacts & { version: number; price: { amount: number; currency: string }; respondBy: string; brandName: string; campaignName: string }) =>
    offerNotice(e, 'offer.received', `offer.received:${e.offerId}`, CREATOR_SIDE, `New offer from ${e.brandName}`, `${e.brandName} offers ${formatMoney(e.price)} for ${e.campaignName}. Respond by ${dayOf(e.respondBy)}.`),
  proposed: (e: OfferFacts & { version: number; price: { amount: number; currency: string } }, names: OfferNames | null) =>
    offerNotice(e, 'offer.countered', `offer.countered:${e.offerId}:${e.version}`, otherSide(e.actor), `New terms for ${campaignOf(names)}`, `The ${e.actor.side === 'brand' ? 'brand' : 'creator side'} proposed ${formatMoney(e.price)} (terms version ${e.version}).`),
  accepted: (e: OfferFacts, names: OfferNames | null) =>
    offerNotice(e, 'offer.accepted', `offer.accepted:${e.offerId}`, [...CREATOR_SIDE, 'brand'], `Offer accepted: ${campaignOf(names)}`, 'The terms are agreed and frozen in a contract; the work can start.'),
  confirmationRequested: (e: OfferFacts & { version: number }, names: OfferNames | null) =>
    offerNotice(e, 'offer.awaiting_confirmation', `offer.awaiting_confirmation:${e.offerId}:${e.version}`, ['creator'], `Confirm the offer for ${campaignOf(names)}`, 'Your agency accepted this offer for you; it waits for your confirmation.'),
  submitted: (e: OfferFacts & { submissionId: string; deliverable: string; round: number }, names: OfferNames | null) =>
    offerNotice(e, 'submission.received', `submission.received:${e.submissionId}`, ['brand'], `Draft to review: ${campaignOf(names)}`, `A ${e.deliverable} draft (round ${e.round}) was submitted for review.`),
  reviewed: (e: OfferFacts & { submissionId: string; deliverable: string }, names: OfferNames | null, outcome: 'approved' | 'deemed' | 'changes') =>
    offerNotice(
      e,
      'submission.reviewed',
      `submission.reviewed:${e.submissionId}`,
      CREATOR_SIDE,
      outcome === 'changes' ? `Changes requested: ${campaignOf(names)}` : `Draft approved: ${campaignOf(names)}`,
      outcome === 'changes' ? `The brand asked for changes to the ${e.deliverable} draft.` : outcome === 'deemed' ? `The ${e.deliverable} draft was approved: its review window passed.` : `The brand approved the ${e.deliverable} draft.`,
    ),
  /** The side that did not ask answers the request: only it is told. */
  cancellationRequested: (e: OfferFacts & { cancellationId: string }, names: OfferNames | null) =>
    offerNotice(
      e,
      'offer.cancellation_requested',
      `offer.cancellation_requested:${e.cancellationId}`,
      otherSide(e.actor),
      `Cancellation requested: ${campaignOf(names)}`,
      `The ${e.actor.side === 'brand' ? 'brand' : 'creator side'} asks to cancel the work by agreement; accept or decline it on the offer.`,
    ),
  message: (e: OfferFacts & { messageId: string }, names: OfferNames | null) =>
    offerNotice(e, 'message.posted', `message.posted:${e.messageId}`, otherSide(e.actor), `New message: ${campaignOf(names)}`, `The ${e.actor.side === 'brand' ? 'brand' : 'creator side'} wrote on the offer's thread.`),
};

interface PaymentFacts {
  paymentId: string;
  offerId: string;
  creatorId: string;
  brandId: string;
  name: string;
  amount: { amount: number; currency: string };
  dueAt: string | null;
  actor: { userId: string | null };
  occurredAt: string;
}

/**
 * A payment's clock, for both sides of the offer: the brand owes it, the creator side is owed
 * it (and may still have to invoice). One notice of each kind per payment.
 */
function paymentNotice(p: PaymentFacts, kind: 'payment.due' | 'payment.overdue', title: string, body: string): Notice {
  return {
    kind,
    key: `${kind}:${p.paymentId}`,
    title,
    body,
    link: `/offers/${p.offerId}`,
    to: [...CREATOR_SIDE, 'brand'],
    creatorId: p.creatorId,
    brandId: p.brandId,
    agencyId: null,
    userId: null,
    actorUserId: p.actor.userId,
    at: new Date(p.occurredAt),
  };
}

export const paymentNotices = {
  due: (p: PaymentFacts, names: OfferNames | null) =>
    paymentNotice(p, 'payment.due', `Payment due: ${p.name}, ${campaignOf(names)}`, `${formatMoney(p.amount)} ${p.dueAt ? `is due by ${dayOf(p.dueAt)}` : 'is now due'}.`),
  overdue: (p: PaymentFacts, names: OfferNames | null) =>
    paymentNotice(p, 'payment.overdue', `Payment overdue: ${p.name}, ${campaignOf(names)}`, `${formatMoney(p.amount)} ${p.dueAt ? `was due on ${dayOf(p.dueAt)}` : 'was due'} and is not paid yet.`),
};

/** Deadlines the sweep announces, ahead of the moment time decides. */
export const DEADLINE_LEAD_MS = { 'deadline.respond_by': 48 * 3600_000, 'deadline.review': 72 * 3600_000 } as const;
export type DeadlineKind = keyof typeof DEADLINE_LEAD_MS;

export function deadlineNotice(d: { id: string; kind: DeadlineKind; offerId: string; creatorId: string; brandId: string; dueAt: Date }, names: OfferNames | null, now: Date): Notice {
  const respond = d.kind === 'deadline.respond_by';
  return {
    kind: d.kind,
    key: `${d.id}`,
    title: respond ? `Respond by ${dayOf(d.dueAt)}: ${campaignOf(names)}` : `Review due ${dayOf(d.dueAt)}: ${campaignOf(names)}`,
    body: respond ? 'The offer expires unless it is answered by then.' : 'A draft is approved automatically unless it is reviewed by then.',
    link: `/offers/${d.offerId}`,
    to: respond ? CREATOR_SIDE : ['brand'],
    creatorId: d.creatorId,
    brandId: d.brandId,
    agencyId: null,
    userId: null,
    actorUserId: null,
    at: now,
  };
}

interface GrantFacts {
  grantId: string;
  agencyId: string;
  creatorId: string;
  actorUserId: string | null;
  at: string;
  creator?: { handle: string; name: string };
  agency?: { name: string };
}

export const grantNotices = {
  requested: (g: GrantFacts): Notice => ({
    kind: 'grant.requested',
    key: `grant.requested:${g.grantId}`,
    title: `${g.agency?.name ?? 'An agency'} asks for access`,
    body: 'Approve or decline the request under Agency access.',
    link: '/grants',
    to: ['creator'],
    creatorId: g.creatorId,
    brandId: null,
    agencyId: g.agencyId,
    userId: null,
    actorUserId: g.actorUserId,
    at: new Date(g.at),
  }),
  /** Both ends of the grant learn it ended; whoever ended it is left out as the actor. */
  revoked: (g: GrantFacts): Notice => ({
    kind: 'grant.revoked',
    key: `grant.revoked:${g.grantId}`,
    title: `Access ended: ${g.agency?.name ?? 'agency'} · ${g.creator?.name ?? 'creator'}`,
    body: 'The grant between the creator and the agency was revoked; the agency no longer acts for the creator.',
    link: '/grants',
    links: { agency: '/delegations' },
    to: ['creator', 'agency'],
    creatorId: g.creatorId,
    brandId: null,
    agencyId: g.agencyId,
    userId: null,
    actorUserId: g.actorUserId,
    at: new Date(g.at),
  }),
};

export function invitationNotice(i: { invitationId: string; orgName: string; role: string; invitedBy: string; at: string }, inviteeId: string): Notice {
  return {
    kind: 'invitation.received',
    key: `invitation.received:${i.invitationId}`,
    title: `Invitation to join ${i.orgName}`,
    body: `You are invited to join ${i.orgName} as ${i.role}. Accept or decline it under your account.`,
    link: '/account',
    to: ['user'],
    creatorId: null,
    brandId: null,
    agencyId: null,
    userId: inviteeId,
    actorUserId: i.invitedBy,
    at: new Date(i.at),
  };
}
