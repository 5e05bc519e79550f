import { z } from 'zod';
import { AppError } from '../problem.js';
import { orgRoleSchema, scopeSchema, userKindSchema, type Principal } from '../principal.js';
import { isoTime } from '../common/time.js';
import { auditActorSchema } from '../common/audit-record.js';

/**
 * Shapes shared by identity's subjects, the gateway's routes and their tests. Everything
 * here crosses a process boundary, so it is plain data: ids are UUIDs, times ISO-8601 UTC.
 */

/** Access tokens: EdDSA (Ed25519) JWTs; verifiers pin exactly these values. */
export const ACCESS_TOKEN = {
  algorithm: 'EdDSA',
  type: 'at+jwt',
  issuer: 'talent-portal/identity',
  audience: 'talent-portal',
} as const;

/** An email address as typed: surrounding blanks are dropped (identity also lowercases it). */
export const emailSchema = z.string().trim().max(254).email();

export const ORG_KINDS = ['agency', 'brand'] as const;
export const orgKindSchema = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof orgKindSchema>;

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'expired'] as const;
export const invitationStatusSchema = z.enum(INVITATION_STATUSES);

/** An invitation to join an organization: nobody becomes a member without accepting one. */
export const invitationSchema = z.object({
  id: z.uuid(),
  organization: z.object({ id: z.uuid(), name: z.string(), kind: orgKindSchema }),
  /** The invitee's address (normalized); the invitation is theirs once they sign in with it. */
  email: z.string(),
  role: orgRoleSchema,
  status: invitationStatusSchema,
  invitedBy: z.uuid(),
  createdAt: isoTime,
  expiresAt: isoTime,
  decidedAt: isoTime.nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const GRANT_STATUSES = ['pending', 'active', 'declined', 'revoked', 'expired'] as const;
export const grantStatusSchema = z.enum(GRANT_STATUSES);
export type GrantStatus = z.infer<typeof grantStatusSchema>;

/** A set of scopes: non-empty, no repeats (order is not meaningful). */
export const scopeSetSchema = z
  .array(scopeSchema)
  .min(1)
  .max(16)
  .refine((s) => new Set(s).size === s.length, 'scopes must not repeat');

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  kind: userKindSchema,
  /** Creators only; unique, lowercase, without the leading `@`. */
  handle: z.string().nullable(),
  createdAt: isoTime,
});
export type User = z.infer<typeof userSchema>;

export const organizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: orgKindSchema,
});
export type Organization = z.infer<typeof organizationSchema>;

export const memberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: orgRoleSchema,
  joinedAt: isoTime,
});
export type Member = z.infer<typeof memberSchema>;

export const tokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

/** The public half of a signing key, as verifiers import it (RFC 8037 OKP / Ed25519). */
export const publicJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  kid: z.string().min(1).max(128),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
});
export type PublicJwk = z.infer<typeof publicJwkSchema>;

/** What an authorization decision needs to know about a grant. */
export const grantFactsSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  creatorId: z.uuid(),
  status: grantStatusSchema,
  scopes: z.array(scopeSchema),
  expiresAt: isoTime.nullable(),
});
export type GrantFacts = z.infer<typeof grantFactsSchema>;

export const grantSchema = grantFactsSchema.extend({
  /** What the agency asked for; `scopes` is what the creator granted (a subset). */
  requestedScopes: z.array(scopeSchema),
  version: z.number().int().positive(),
  agency: z.object({ id: z.uuid(), name: z.string() }),
  creator: z.object({ id: z.uuid(), handle: z.string(), name: z.string() }),
  requestedBy: z.uuid(),
  createdAt: isoTime,
  updatedAt: isoTime,
  decidedAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
});
export type Grant = z.infer<typeof grantSchema>;

/** An organization as a view names it; `name` is null only where it could not be looked up. */
export const namedOrgSchema = z.object({ id: z.uuid(), name: z.string().nullable(), kind: orgKindSchema });

export const auditEntrySchema = z.object({
  id: z.uuid(),
  at: isoTime,
  /** One of `AUDIT_ACTIONS` (e.g. `grant.approved`, `member.added`, `rates.updated`), or what a caller recorded itself. */
  action: z.string(),
  /**
   * Who acted, named: the person and the organization they acted for (null `userId` when the
   * clock or a service decided). `orgId` is `organization.id`, kept for clients of the first shape.
   */
  actor: auditActorSchema.extend({ orgId: z.uuid().nullable() }),
  /** The organization the entry concerns (the agency of a grant, the org of a member). */
  orgId: z.uuid().nullable(),
  /** `orgId`, named. */
  organization: namedOrgSchema.nullable(),
  /** The creator on whose behalf the action was taken, if any. */
  onBehalfOf: z.uuid().nullable(),
  /** `onBehalfOf`, named. */
  creator: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
  grantId: z.uuid().nullable(),
  target: z.object({ type: z.string(), id: z.string() }),
  traceId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** A rate-limited answer: the wait travels as the error's `retryAfterSeconds` (the gateway's `Retry-After`). */
export function rateLimitedError(retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError('rate_limited', 'Too many requests', `Too many attempts; try again in ${seconds} seconds`, undefined, { retryAfterSeconds: seconds });
}

/**
 * Claims identity puts in an access token besides the registered ones (iss, aud, exp, iat,
 * jti): exactly what the gateway needs to build the principal without asking anyone.
 */
export const accessTokenClaimsSchema = z.object({
  sub: z.uuid(),
  tp_kind: userKindSchema,
  tp_org: z.uuid().nullable(),
  tp_org_kind: orgKindSchema.nullable(),
  tp_role: orgRoleSchema.nullable(),
  /** The sign-in session (refresh-token family) the token belongs to; revoking it ends the token. */
  sid: z.uuid(),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

export function principalFromClaims(claims: AccessTokenClaims): Principal {
  return { userId: claims.sub, kind: claims.tp_kind, orgId: claims.tp_org, orgKind: claims.tp_org_kind, role: claims.tp_role };
}
