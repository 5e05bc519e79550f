import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { orgRoleSchema, scopeSchema, userKindSchema } from '../principal.js';
import { isoTime } from '../common/time.js';
import { grantStatusSchema, orgKindSchema } from './identity.schemas.js';

/**
 * Grant lifecycle events, published through identity's outbox. Authorization caches (every
 * gateway replica, roster's projection) drop what they know about the creator–agency pair
 * on any of them; `aggregateVersion` in the envelope is the grant's version.
 */
const grantEventPayload = z.object({
  grantId: z.uuid(),
  agencyId: z.uuid(),
  creatorId: z.uuid(),
  status: grantStatusSchema,
  scopes: z.array(scopeSchema),
  expiresAt: isoTime.nullable(),
  /** Who caused it; null when time did (expiry). */
  actorUserId: z.uuid().nullable(),
  at: isoTime,
  /** Who the grant is between, so projections (roster) need no lookup back into identity. */
  creator: z.object({ handle: z.string(), name: z.string() }).optional(),
  agency: z.object({ name: z.string() }).optional(),
});

/** Every gateway replica (grant cache) and the services keeping grant projections follow grant events. */
const grantConsumers = ['gateway', 'roster', 'negotiation', 'campaigns', 'metrics', 'notifications'] as const;

export const grantEvents = {
  activated: defineEvent({
    subject: 'identity.evt.grant.activated.v1',
    description: 'A creator approved a grant: the agency may now act within `scopes`.',
    payload: grantEventPayload,
    consumers: grantConsumers,
  }),
  revoked: defineEvent({
    subject: 'identity.evt.grant.revoked.v1',
    description: 'The creator or the agency ended a grant; every access through it stops (within 1 s everywhere).',
    payload: grantEventPayload,
    consumers: grantConsumers,
  }),
  expired: defineEvent({
    subject: 'identity.evt.grant.expired.v1',
    description: 'A grant reached `expiresAt` (decisions already refuse it from that instant; this event follows).',
    payload: grantEventPayload,
    consumers: grantConsumers,
  }),
  scopesChanged: defineEvent({
    subject: 'identity.evt.grant.scopes-changed.v1',
    description: 'The creator narrowed an active grant; `scopes` is the new set, `previousScopes` the old.',
    payload: grantEventPayload.extend({ previousScopes: z.array(scopeSchema) }),
    consumers: grantConsumers,
  }),
} as const;

export type GrantEventPayload = z.infer<typeof grantEventPayload>;

/**
 * An agency asked a creator for a grant (status `pending`), for the creator's notifications.
 * Kept apart from `grantEvents`: no access changes, so grant caches and copies need not read it.
 * aggregateId = the grant, aggregateVersion = its version.
 */
export const grantRequestEvents = {
  requested: defineEvent({
    subject: 'identity.evt.grant.requested.v1',
    description: 'An agency requested a grant from a creator; the creator decides (approve or decline).',
    payload: grantEventPayload,
    consumers: ['notifications'],
  }),
} as const;

/**
 * A user's membership of an organization after a change (joined at sign-up or by invitation,
 * role changed, removed: `role` null), with who the user is, so services that address members
 * (notifications) keep their own copy. Members carry no version: aggregateId = the user and
 * aggregateVersion = 0; a consumer orders one user's changes by `at` (identity serializes them
 * under the organization's lock).
 */
export const memberEvents = {
  changed: defineEvent({
    subject: 'identity.evt.member.changed.v1',
    description: "A user's membership changed: joined, role changed, or removed (`role` null).",
    payload: z.object({
      userId: z.uuid(),
      orgId: z.uuid(),
      orgKind: orgKindSchema,
      orgName: z.string(),
      /** The role now; null once the user is no longer a member. */
      role: orgRoleSchema.nullable(),
      email: z.string(),
      name: z.string(),
      at: isoTime,
    }),
    consumers: ['notifications'],
  }),
} as const;

export type MemberChangedPayload = z.infer<typeof memberEvents.changed.payload>;

/**
 * An invitation to join an organization, for the invitee's notifications: in the portal when the
 * address belongs to an account, else a mail inviting the address to sign up. aggregateId = the invitation, aggregateVersion = 1.
 */
export const invitationEvents = {
  created: defineEvent({
    subject: 'identity.evt.invitation.created.v1',
    description: 'A member invited an e-mail address to join their organization with `role`.',
    payload: z.object({
      invitationId: z.uuid(),
      orgId: z.uuid(),
      orgName: z.string(),
      /** Absent in events from before it was added. */
      orgKind: z.enum(['agency', 'brand']).optional(),
      email: z.string(),
      role: orgRoleSchema,
      invitedBy: z.uuid(),
      expiresAt: isoTime,
      at: isoTime,
    }),
    consumers: ['notifications'],
  }),
} as const;

/**
 * Sign-in sessions (refresh-token families) that ended before their access tokens expire:
 * logout, a replayed refresh token, or a change of the user's role or membership. Every
 * gateway refuses access tokens of these sessions from the moment it sees the event.
 */
export const sessionEvents = {
  revoked: defineEvent({
    subject: 'identity.evt.session.revoked.v1',
    description: 'Sessions ended early: access tokens carrying one of `sessionIds` (claim `sid`) stop working on every gateway.',
    payload: z.object({
      userId: z.uuid(),
      sessionIds: z.array(z.uuid()).min(1),
      reason: z.enum(['logout', 'refresh-reuse', 'membership-changed']),
      at: isoTime,
    }),
    consumers: ['gateway'],
  }),
} as const;

export type SessionRevokedPayload = z.infer<typeof sessionEvents.revoked.payload>;

/** Accounts as they are created, so other services can set up what belongs to a new user. */
export const userEvents = {
  registered: defineEvent({
    consumers: ['roster', 'campaigns', 'notifications'],
    subject: 'identity.evt.user.registered.v1',
    description: 'A user signed up (creators get a profile in roster from this).',
    payload: z.object({
      userId: z.uuid(),
      kind: userKindSchema,
      name: z.string(),
      /** Creators only. */
      handle: z.string().nullable(),
      /** Normalized address, for mail to the user (notifications); absent from events published before it was added. */
      email: z.string().optional(),
      at: isoTime,
    }),
  }),
} as const;
