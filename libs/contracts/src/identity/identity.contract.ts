import { z } from 'zod';
import { defineRequest } from '../contract.js';
import { orgRoleSchema, userKindSchema } from '../principal.js';
import { pageOf, pageRequest } from '../common/page.js';
import { nameText } from '../common/text.js';
import { isoTime } from '../common/time.js';
import {
  auditEntrySchema,
  emailSchema,
  grantFactsSchema,
  grantSchema,
  invitationSchema,
  invitationStatusSchema,
  grantStatusSchema,
  memberSchema,
  orgKindSchema,
  organizationSchema,
  publicJwkSchema,
  scopeSetSchema,
  tokenPairSchema,
  userSchema,
} from './identity.schemas.js';
import { handleSchema, newPasswordSchema } from './credentials.js';

/**
 * Identity's request/reply subjects. Who is asking travels in the `tp-principal` header
 * (never in these bodies); the public auth subjects have no principal and carry the
 * client's address only so identity can rate-limit per IP.
 */

const clientIp = z.string().max(64).nullable();
/** A password being checked: any bounded string (the rules for choosing one are newPasswordSchema's). */
const password = z.string().min(1).max(1024).meta({ format: 'password' });
const email = emailSchema;
/** A secret the client holds: compared, never stored or shown, so no text rule applies (OpenAPI: format password). */
const refreshTokenSchema = z.string().min(1).max(512).meta({ format: 'password' });

export const signupRequest = z
  .object({
    email,
    password: newPasswordSchema,
    name: nameText({ max: 200 }),
    kind: userKindSchema,
    handle: handleSchema.optional(),
    organization: z.object({ name: nameText({ max: 200 }) }).strict().optional(),
    clientIp,
  })
  .strict();

export const sessionResponse = tokenPairSchema.extend({
  user: userSchema,
  organization: organizationSchema.nullable(),
  role: orgRoleSchema.nullable(),
});

export const meResponse = z.object({
  user: userSchema,
  organization: organizationSchema.nullable(),
  role: orgRoleSchema.nullable(),
  /**
   * Named in PLATFORM_ADMINS: may issue and revoke API keys (the portal shows them that page).
   * Optional because an identity from before this field does not send it: absent means no.
   */
  platformOperator: z.boolean().optional(),
});

/** Most ids of each kind one names request resolves: a page of 200 items names at most two people each. */
export const MAX_NAMES = 500;

const orgMember = z.object({ orgId: z.uuid(), userId: z.uuid() }).strict();
const grantRef = z.object({ grantId: z.uuid() }).strict();

export const identityContracts = {
  signup: defineRequest({
    subject: 'identity.auth.signup.v1',
    description: 'Creates an account (and, for managers and brand users who name one, their organization); returns a session.',
    request: signupRequest,
    response: sessionResponse,
  }),
  login: defineRequest({
    subject: 'identity.auth.login.v1',
    description: 'Checks email and password (rate limited per account and per IP); returns a session with a new refresh family.',
    request: z.object({ email, password, clientIp }).strict(),
    response: sessionResponse,
  }),
  refresh: defineRequest({
    subject: 'identity.auth.refresh.v1',
    description: 'Rotates a refresh token; a spent token presented again revokes its whole family.',
    request: z.object({ refreshToken: refreshTokenSchema, clientIp }).strict(),
    response: tokenPairSchema,
  }),
  logout: defineRequest({
    subject: 'identity.auth.logout.v1',
    description: "Revokes the refresh family of the given token, if it is the caller's.",
    request: z.object({ refreshToken: refreshTokenSchema }).strict(),
    response: z.object({ revoked: z.boolean() }),
  }),
  keysList: defineRequest({
    subject: 'identity.keys.list.v1',
    description: 'Public keys that verify access tokens (current first, then keys still accepted during rotation).',
    request: z.object({}).strict(),
    response: z.object({ keys: z.array(publicJwkSchema) }),
  }),
  me: defineRequest({
    subject: 'identity.me.get.v1',
    description: "The caller's account, organization and role.",
    request: z.object({}).strict(),
    response: meResponse,
    // Campaigns reads the brand user's organization when a campaign is created.
    callers: ['gateway', 'campaigns'],
  }),
  membersList: defineRequest({
    subject: 'identity.members.list.v1',
    description: 'Members of an organization (owner/admin).',
    request: z.object({ orgId: z.uuid(), ...pageRequest.shape }).strict(),
    response: pageOf(memberSchema),
  }),
  membersUpdate: defineRequest({
    subject: 'identity.members.update.v1',
    description: "Changes a member's role; an organization always keeps an owner.",
    request: orgMember.extend({ role: orgRoleSchema }).strict(),
    response: memberSchema,
  }),
  invitationsCreate: defineRequest({
    subject: 'identity.invitations.create.v1',
    description: 'Invites an email address to the organization with a role (owner/admin; only an owner invites an owner). The answer is the same whether or not an account has that address.',
    request: z.object({ orgId: z.uuid(), email, role: orgRoleSchema }).strict(),
    response: invitationSchema,
  }),
  invitationsList: defineRequest({
    subject: 'identity.invitations.list.v1',
    description: "Invitations addressed to the caller's email, newest first.",
    request: z.object({ status: invitationStatusSchema.optional(), ...pageRequest.shape }).strict(),
    response: pageOf(invitationSchema),
  }),
  invitationsAccept: defineRequest({
    subject: 'identity.invitations.accept.v1',
    description: 'The invitee accepts: they become a member with the invited role.',
    request: z.object({ invitationId: z.uuid() }).strict(),
    response: invitationSchema,
  }),
  invitationsDecline: defineRequest({
    subject: 'identity.invitations.decline.v1',
    description: 'The invitee declines.',
    request: z.object({ invitationId: z.uuid() }).strict(),
    response: invitationSchema,
  }),
  membersRemove: defineRequest({
    subject: 'identity.members.remove.v1',
    description: 'Removes a member; an organization always keeps an owner.',
    request: orgMember,
    response: z.object({ removed: z.literal(true) }),
  }),
  grantsRequest: defineRequest({
    subject: 'identity.grants.request.v1',
    description: "An agency owner/admin asks a creator (by handle) for scopes; one open grant per creator–agency pair.",
    request: z.object({ creatorHandle: handleSchema, scopes: scopeSetSchema, expiresAt: isoTime.optional() }).strict(),
    response: grantSchema,
  }),
  grantsApprove: defineRequest({
    subject: 'identity.grants.approve.v1',
    description: 'The creator approves a pending grant, optionally narrowing its scopes.',
    request: grantRef.extend({ scopes: scopeSetSchema.optional(), version: z.number().int().positive().optional() }).strict(),
    response: grantSchema,
  }),
  grantsDecline: defineRequest({
    subject: 'identity.grants.decline.v1',
    description: 'The creator declines a pending grant.',
    request: grantRef.extend({ version: z.number().int().positive().optional() }).strict(),
    response: grantSchema,
  }),
  grantsRevoke: defineRequest({
    subject: 'identity.grants.revoke.v1',
    description: 'The creator or an agency owner/admin ends a pending or active grant.',
    request: grantRef.extend({ version: z.number().int().positive().optional() }).strict(),
    response: grantSchema,
  }),
  grantsNarrow: defineRequest({
    subject: 'identity.grants.narrow.v1',
    description: 'The creator removes scopes from an active grant.',
    request: grantRef.extend({ scopes: scopeSetSchema, version: z.number().int().positive().optional() }).strict(),
    response: grantSchema,
  }),
  grantsGet: defineRequest({
    subject: 'identity.grants.get.v1',
    description: 'One grant, to its creator or a member of its agency (404 to anyone else).',
    request: grantRef,
    response: grantSchema,
  }),
  grantsList: defineRequest({
    subject: 'identity.grants.list.v1',
    description: "Grants that involve the caller (as creator) or the caller's agency, newest first.",
    request: z.object({ status: grantStatusSchema.optional(), ...pageRequest.shape }).strict(),
    response: pageOf(grantSchema),
  }),
  grantsCheck: defineRequest({
    subject: 'identity.grants.check.v1',
    description: "The grant in force between the caller's agency and a creator, if any (authorization caches).",
    request: z.object({ creatorId: z.uuid() }).strict(),
    response: z.object({ grant: grantFactsSchema.nullable() }),
    // Negotiation and roster check the agency's grant before an agency writes for a creator.
    callers: ['gateway', 'negotiation', 'roster'],
  }),
  auditList: defineRequest({
    subject: 'identity.audit.list.v1',
    description: "Audit entries on a creator's behalf (the creator; their agency's owner/admin) or of the caller's organization.",
    request: z.object({ creatorId: z.uuid().optional(), ...pageRequest.shape }).strict(),
    response: pageOf(auditEntrySchema),
  }),
  namesResolve: defineRequest({
    subject: 'identity.names.resolve.v1',
    description:
      'Display names of users and organizations by id: the one source of the names a view shows beside who acted ' +
      '(messages, terms versions, rate history). Ids identity does not know are left out of the answer.',
    request: z.object({ userIds: z.array(z.uuid()).max(MAX_NAMES), orgIds: z.array(z.uuid()).max(MAX_NAMES) }).strict(),
    response: z.object({
      users: z.array(z.object({ id: z.uuid(), name: z.string() })),
      organizations: z.array(z.object({ id: z.uuid(), name: z.string(), kind: orgKindSchema })),
    }),
  }),
  auditRecord: defineRequest({
    subject: 'identity.audit.record.v1',
    description: "Appends an entry for an action the caller took for themselves or, through the grant in `actingFor`, for a creator.",
    request: z
      .object({
        action: z.string().regex(/^[a-z][a-z0-9_.:-]{2,63}$/),
        target: z.object({ type: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/), id: z.string().min(1).max(128) }).strict(),
        details: z.record(z.string().max(64), z.unknown()).optional(),
      })
      .strict(),
    response: z.object({ id: z.uuid() }),
  }),
} as const;

export type SignupRequest = z.input<typeof signupRequest>;
export type SessionResponse = z.infer<typeof sessionResponse>;
export type MeResponse = z.infer<typeof meResponse>;
