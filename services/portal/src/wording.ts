import type { ApiKeyScope, AuditEntry, EmailMode, FollowerBand, NamedActor, NotificationKind, PaymentStatus, SettlementStage, ShareLink, VideoVerification } from './api/types';

// Scopes read the same in the portal and in the gateway's exports: one table, in libs/contracts.
export { SCOPE_TEXT, scopesText } from '../../../libs/contracts/src/common/words';

/**
 * The portal's words for the platform's codes: scopes, audit actions, follower bands. One place,
 * so every screen says the same thing, and a test holds it to every code the contracts define.
 */

/** What a data connector's API key may do, as the operator issuing it reads it. */
export const API_KEY_SCOPE_TEXT: Record<ApiKeyScope, string> = {
  'metrics:ingest': 'Send video, follower and audience figures',
  'metrics:read': 'Read creators’ figures',
};

/**
 * Each recorded action as what the person did ("revoked access"; `{creator}` stands where the
 * sentence names the creator acted for, else it ends with "for <creator>"), and, for the few
 * the clock or the platform decides, the sentence that says so without a person.
 */
export const AUDIT_ACTION_TEXT: Record<string, { did: string; auto?: string }> = {
  'org.created': { did: 'created the organization' },
  'member.invited': { did: 'invited a new member' },
  'member.added': { did: 'joined the organization' },
  'member.invitation-declined': { did: 'declined an invitation to join' },
  'member.role-changed': { did: "changed a member's role" },
  'member.removed': { did: 'removed a member' },
  'grant.requested': { did: 'asked {creator} for access' },
  'grant.approved': { did: 'approved access' },
  'grant.declined': { did: 'declined access' },
  'grant.revoked': { did: 'revoked access' },
  'grant.expired': { did: 'let access expire', auto: 'Access ended on the date it was granted until' },
  'grant.scopes-changed': { did: 'changed what the agency may do' },
  'api-key.created': { did: 'created an API key for a data connector' },
  'api-key.revoked': { did: 'revoked an API key of a data connector' },
  'profile.updated': { did: 'updated the profile' },
  'rates.updated': { did: 'changed the rate card' },
  'roster.assigned': { did: 'changed who manages the creator' },
  'offer.sent': { did: 'sent an offer' },
  'offer.opened': { did: 'sent an offer' },
  'offer.proposed': { did: 'proposed new terms' },
  'offer.accepted': { did: 'accepted an offer' },
  'offer.declined': { did: 'declined an offer' },
  'offer.withdrawn': { did: 'withdrew an offer' },
  'offer.expired': { did: 'let an offer expire', auto: 'An offer expired without an answer' },
  'offer.confirmation-requested': { did: 'accepted an offer, for the creator to confirm' },
  'offer.confirmed': { did: "confirmed the agency's acceptance of an offer" },
  'offer.confirmation-rejected': { did: "sent the agency's acceptance of an offer back" },
  'offer.completed': { did: 'marked an offer completed' },
  'offer.message-posted': { did: 'wrote a message on an offer' },
  'submission.created': { did: 'submitted a draft' },
  'submission.approved': { did: 'approved a draft' },
  'submission.video-linked': { did: 'named the posted video of an approved draft' },
  'submission.changes-requested': { did: 'asked for changes to a draft' },
  'submission.deemed-approved': { did: 'approved a draft', auto: 'A draft was approved when its review window passed without a review' },
  'offer.cancellation-requested': { did: 'asked to cancel a deal' },
  'offer.cancellation-declined': { did: 'declined to cancel a deal' },
  'offer.cancelled': { did: 'agreed to cancel a deal' },
  'contract.signed': { did: 'signed a contract' },
  'payment.scheduled': { did: 'scheduled a payment', auto: 'A payment was scheduled when the deal was agreed' },
  'payment.due': { did: 'made a payment due', auto: 'A payment fell due' },
  'payment.invoiced': { did: 'sent an invoice' },
  'payment.paid': { did: 'marked a payment paid' },
  'payment.disputed': { did: 'disputed a payment' },
  'payment.overdue': { did: 'let a payment go overdue', auto: 'A payment passed its due date unpaid' },
  'payment.voided': { did: 'voided a payment', auto: 'A payment was no longer owed after a cancellation' },
  'commission.updated': { did: "changed the agency's commission" },
  'webhook.created': { did: 'added a webhook endpoint' },
  'webhook.secret-rotated': { did: "rotated a webhook endpoint's signing secret" },
  'webhook.removed': { did: 'removed a webhook endpoint' },
};

/** Who is reading: "you" is said as such, and their own organization goes without saying. */
export interface Reader {
  userId: string;
  orgId: string | null;
}

/**
 * A person as a line names them: "You", "Sam Okafor", or "Sam Okafor (Northstar Talent)" when
 * they acted for another organization than the reader's. Without a name (identity could not be
 * asked) the organization still says where they are from. Inside a sentence (`{ start: false }`)
 * the words that are not a name start in lower case ("v2 by you").
 */
export function personText(actor: NamedActor, reader: Reader, { start = true } = {}): string {
  const word = (text: string) => (start ? text : text.charAt(0).toLowerCase() + text.slice(1));
  if (!actor.userId) return word('The platform');
  if (actor.userId === reader.userId) return word('You');
  const org = actor.organization;
  const orgName = org && org.id !== reader.orgId ? org.name : null;
  if (!actor.name) return word(org?.name ? `Someone at ${org.name}` : 'Someone');
  return orgName ? `${actor.name} (${orgName})` : actor.name;
}

/**
 * An audit entry as one sentence: "Mia Moreno revoked access", "Sam Okafor changed the rate card
 * for Mia Moreno", "You approved access for Northstar Talent", "An offer expired without an answer".
 */
export function auditSentence(e: AuditEntry, reader: Reader): string {
  const text = AUDIT_ACTION_TEXT[e.action];
  const creator = !e.creator ? 'a creator' : e.creator.id === reader.userId ? 'you' : (e.creator.name ?? 'a creator');
  const did = text?.did.includes('{creator}') ? text.did.replace('{creator}', creator) : text?.did;
  const forCreator = !text?.did.includes('{creator}') && e.creator && e.creator.id !== e.actor.userId && e.creator.id !== reader.userId ? ` for ${creator}` : '';
  if (!e.actor.userId) return `${text?.auto ?? `Done automatically: ${did ?? 'an action was recorded'}`}${forCreator}`;
  const org = e.organization;
  const forOrg = e.action.startsWith('grant.') && org?.name && org.id !== reader.orgId && org.id !== e.actor.organization?.id ? ` for ${org.name}` : '';
  return `${personText(e.actor, reader)} ${did ?? 'recorded an action'}${forCreator}${forOrg}`;
}

/** Follower bands of benchmark cohorts, as people say them. */
export const FOLLOWER_BAND_TEXT: Record<FollowerBand, string> = {
  'under-10k': 'under 10K followers',
  '10k-100k': '10K to 100K followers',
  '100k-1m': '100K to 1M followers',
  '1m-10m': '1M to 10M followers',
  '10m-plus': 'over 10M followers',
};

/** Device families of an audience snapshot as people write them; a family the connectors add later reads capitalised. */
const DEVICE_TEXT: Record<string, string> = { ios: 'iOS', android: 'Android', ipados: 'iPadOS', web: 'Web', desktop: 'Desktop', other: 'Other' };
export const deviceText = (key: string): string => DEVICE_TEXT[key.toLowerCase()] ?? key.charAt(0).toUpperCase() + key.slice(1);

/** The creators a benchmark or a signal compares with: "beauty creators with 10K to 100K followers". */
export const cohortText = (c: { category: string | null; followerBand: FollowerBand }) => `${c.category ? `${c.category} creators` : 'creators'} with ${FOLLOWER_BAND_TEXT[c.followerBand]}`;

/** Each kind of notification as the e-mail settings name it: what happened that a person is told of. */
export const NOTIFICATION_KIND_TEXT: Record<NotificationKind, string> = {
  'offer.received': 'A new offer arrives',
  'offer.countered': 'The other side proposes new terms',
  'offer.accepted': 'An offer is accepted',
  'offer.awaiting_confirmation': "The agency accepted an offer and it waits for the creator's confirmation",
  'offer.cancellation_requested': 'Someone asks to cancel a deal',
  'message.posted': 'A message is written on an offer',
  'submission.received': 'A draft is submitted for review',
  'submission.reviewed': 'A draft is reviewed',
  'deadline.respond_by': 'An offer must be answered within two days',
  'deadline.review': 'A draft is approved on its own in three days unless reviewed',
  'payment.due': 'A payment falls due',
  'payment.overdue': 'A payment is overdue',
  'grant.requested': 'An agency asks for access',
  'grant.revoked': 'A creator ends an agency\'s access',
  'invitation.received': 'You are invited to join an organization',
  'webhook.disabled': 'A webhook endpoint is switched off after failing',
};

/** How e-mail about a kind reaches a person. Digests go out on the platform's schedule (hourly by default). */
export const EMAIL_MODE_TEXT: Record<EmailMode, string> = {
  instant: 'E-mail right away',
  digest: 'Gather into a digest',
  off: 'No e-mail',
};

/** Where a payment stands, as the payments page's filter and rows say it. */
export const PAYMENT_STATUS_TEXT: Record<PaymentStatus, string> = {
  scheduled: 'Scheduled',
  due: 'Due',
  invoiced: 'Invoiced',
  paid: 'Paid',
  overdue: 'Overdue',
  disputed: 'Disputed',
  void: 'Void',
};

/** How far the work had gone, as a cancellation's settlement is decided by it. */
export const SETTLEMENT_STAGE_TEXT: Record<SettlementStage, string> = {
  before_submission: 'Before any draft',
  after_submission: 'After a draft was submitted',
  after_approval: 'After every deliverable was approved',
};

/** Whether a deliverable's video counts in the figures, and if not, why. */
export const VIDEO_VERIFICATION_TEXT: Record<VideoVerification, string> = {
  verified: 'Verified',
  unverified: 'Unverified: not seen by the data connector yet',
  posted_before_acceptance: 'Not counted: posted before the offer was accepted',
  other_creator: "Not counted: another creator's video",
};

/** A share link's state, as the brand reads it in the list. */
export const SHARE_LINK_STATUS_TEXT: Record<ShareLink['status'], string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** When the payment terms' net days start counting, as the terms forms offer it. */
export const CLOCK_START_TEXT = {
  contract_signed: 'when both parties have signed',
  content_published: 'when the content is published',
  invoice_received: 'when the invoice is received',
} as const;

/** What releases a milestone payment. */
export const MILESTONE_TRIGGER_TEXT = {
  contract_signed: 'Contract signed',
  deliverable_approved: 'A deliverable approved',
  content_published: 'Content published',
  date: 'On a date',
} as const;
