/**
 * Every action the services record in the audit log, by the code they record it with. A screen
 * or a report says each in words (the portal's one wording module has a sentence for every
 * code here, and a test holds it to that); a writer names its action from this list, so a new
 * one is added here first.
 */
export const AUDIT_ACTIONS = [
  // identity: organizations, members and invitations
  'org.created',
  'member.invited',
  'member.added',
  'member.invitation-declined',
  'member.role-changed',
  'member.removed',
  // identity: delegation grants
  'grant.requested',
  'grant.approved',
  'grant.declined',
  'grant.revoked',
  'grant.expired',
  'grant.scopes-changed',
  // identity: API keys of data connectors
  'api-key.created',
  'api-key.revoked',
  // roster
  'profile.updated',
  'rates.updated',
  'roster.assigned',
  // offers (negotiation; campaigns recorded `offer.sent` and `offer.opened` before version 2)
  'offer.sent',
  'offer.opened',
  'offer.proposed',
  'offer.accepted',
  'offer.declined',
  'offer.withdrawn',
  'offer.expired',
  'offer.confirmation-requested',
  'offer.confirmed',
  'offer.confirmation-rejected',
  'offer.completed',
  'offer.message-posted',
  // drafts and feedback
  'submission.created',
  'submission.approved',
  'submission.changes-requested',
  'submission.deemed-approved',
  'submission.video-linked',
  // cancellation, contract and payments (negotiation)
  'offer.cancellation-requested',
  'offer.cancellation-declined',
  'offer.cancelled',
  'contract.signed',
  'payment.scheduled',
  'payment.due',
  'payment.invoiced',
  'payment.paid',
  'payment.disputed',
  'payment.overdue',
  'payment.voided',
  // commission (roster)
  'commission.updated',
  // webhooks of an organization (notifications)
  'webhook.created',
  'webhook.secret-rotated',
  'webhook.removed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
