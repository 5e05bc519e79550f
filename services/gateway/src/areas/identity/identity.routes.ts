import { identityContracts as c } from '#libs/contracts';
import { ownAccount, ownAgency, organizationParam } from '../../auth/common.resources.js';
import { clientAddress } from '../../auth/request-context.js';
import { auditScope, grantParam } from './identity.resources.js';
import { authorize, publicRoute, route, type ServerField } from '../../routes/route.js';

/** Identity rate-limits per client address, found behind the trusted proxy hops only. */
const clientIp: ServerField = (request, config) => clientAddress(request, Number(config.AUTH_TRUSTED_PROXY_HOPS ?? 0));

/** Accounts and sessions, organizations, delegation grants and the audit log (docs/security.md). */
export const identityRoutes = {
  signup: route({
    method: 'POST',
    path: '/v1/auth/signup',
    contract: c.signup,
    server: { clientIp },
    credentials: true,
    auth: publicRoute('creates a new account; no existing resource is touched'),
    openapi: {
      summary: 'Create an account (a manager or brand user may create their organization); returns a session',
      tags: ['identity'],
      problems: [400, 409, 413, 415, 429, 503],
    },
  }),
  login: route({
    method: 'POST',
    path: '/v1/auth/login',
    contract: c.login,
    server: { clientIp },
    credentials: true,
    status: 200,
    auth: publicRoute('checks credentials (generic 401; rate limited — abuse.spec.ts)'),
    openapi: {
      summary: 'Exchange email and password for a session; failures are rate limited per account and per address',
      tags: ['identity'],
      problems: [400, 401, 429, 503],
    },
  }),
  refresh: route({
    method: 'POST',
    path: '/v1/auth/refresh',
    contract: c.refresh,
    server: { clientIp },
    credentials: true,
    status: 200,
    auth: publicRoute('the refresh token is the credential (tokens.spec.ts)'),
    openapi: { summary: 'Rotate a refresh token; presenting a spent one revokes its whole family', tags: ['identity'], problems: [400, 401, 503] },
  }),
  logout: route({
    method: 'POST',
    path: '/v1/auth/logout',
    contract: c.logout,
    status: 204,
    auth: authorize('account:read', ownAccount),
    openapi: {
      summary: "Revoke the refresh family of the given token (if it is the caller's)",
      tags: ['identity'],
      problems: [400, 401, 503],
      noContent: 'Logged out (also when the token was unknown)',
    },
  }),
  me: route({
    method: 'GET',
    path: '/v1/me',
    contract: c.me,
    auth: authorize('account:read', ownAccount),
    openapi: { summary: "The caller's account, organization and role", tags: ['identity'], problems: [401, 503] },
  }),

  listMembers: route({
    method: 'GET',
    path: '/v1/orgs/:orgId/members',
    contract: c.membersList,
    auth: authorize('members:read', organizationParam()),
    openapi: { summary: 'Members of the organization (owner/admin)', tags: ['organizations'], problems: [400, 401, 403, 404, 503] },
  }),
  inviteMember: route({
    method: 'POST',
    path: '/v1/orgs/:orgId/invitations',
    contract: c.invitationsCreate,
    auth: authorize('members:write', organizationParam()),
    openapi: {
      summary: 'Invite an email address with a role (owner/admin; only an owner invites an owner); nobody joins without accepting',
      tags: ['organizations'],
      problems: [400, 401, 403, 404, 409, 503],
    },
  }),
  listInvitations: route({
    method: 'GET',
    path: '/v1/invitations',
    contract: c.invitationsList,
    auth: authorize('account:read', ownAccount),
    openapi: { summary: "Invitations addressed to the caller's email, newest first", tags: ['organizations'], problems: [400, 401, 503] },
  }),
  acceptInvitation: route({
    method: 'POST',
    path: '/v1/invitations/:id/accept',
    params: { id: 'invitationId' },
    contract: c.invitationsAccept,
    status: 200,
    // Only the invitee's own invitation is found (anyone else's is a 404), decided by identity.
    auth: authorize('account:read', ownAccount),
    openapi: { summary: 'The invitee accepts and becomes a member with the invited role', tags: ['organizations'], problems: [400, 401, 404, 409, 422, 503] },
  }),
  declineInvitation: route({
    method: 'POST',
    path: '/v1/invitations/:id/decline',
    params: { id: 'invitationId' },
    contract: c.invitationsDecline,
    status: 200,
    auth: authorize('account:read', ownAccount),
    openapi: { summary: 'The invitee declines', tags: ['organizations'], problems: [400, 401, 404, 409, 503] },
  }),
  updateMember: route({
    method: 'PATCH',
    path: '/v1/orgs/:orgId/members/:userId',
    contract: c.membersUpdate,
    auth: authorize('members:write', organizationParam()),
    openapi: { summary: "Change a member's role; the organization always keeps an owner", tags: ['organizations'], problems: [400, 401, 403, 404, 409, 503] },
  }),
  removeMember: route({
    method: 'DELETE',
    path: '/v1/orgs/:orgId/members/:userId',
    contract: c.membersRemove,
    status: 204,
    auth: authorize('members:write', organizationParam()),
    openapi: {
      summary: 'Remove a member; the last owner cannot be removed',
      tags: ['organizations'],
      problems: [400, 401, 403, 404, 409, 503],
      noContent: 'Removed',
    },
  }),

  requestDelegation: route({
    method: 'POST',
    path: '/v1/delegations',
    contract: c.grantsRequest,
    auth: authorize('delegation:request', ownAgency),
    openapi: {
      summary: 'An agency owner/admin asks a creator, by handle, for scopes (one open grant per pair)',
      tags: ['delegation'],
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  listDelegations: route({
    method: 'GET',
    path: '/v1/delegations',
    contract: c.grantsList,
    auth: authorize('account:read', ownAccount),
    openapi: { summary: "Grants that involve the caller (creator) or the caller's agency, newest first", tags: ['delegation'], problems: [400, 401, 503] },
  }),
  getDelegation: route({
    method: 'GET',
    path: '/v1/delegations/:id',
    params: { id: 'grantId' },
    contract: c.grantsGet,
    auth: authorize('delegation:read', grantParam),
    // AccessGuard already fetched the grant from identity, as this caller, to decide.
    handle: ({ request, call }) => (request.authz?.resource.type === 'grant' ? request.authz.resource.grant : call()),
    openapi: { summary: 'One grant, to its creator or its agency', tags: ['delegation'], problems: [400, 401, 404, 503] },
  }),
  approveDelegation: route({
    method: 'POST',
    path: '/v1/delegations/:id/approve',
    params: { id: 'grantId' },
    contract: c.grantsApprove,
    status: 200,
    auth: authorize('delegation:approve', grantParam),
    openapi: { summary: 'The creator approves, optionally with fewer scopes → active', tags: ['delegation'], problems: [400, 401, 403, 404, 409, 422, 503] },
  }),
  declineDelegation: route({
    method: 'POST',
    path: '/v1/delegations/:id/decline',
    params: { id: 'grantId' },
    contract: c.grantsDecline,
    status: 200,
    auth: authorize('delegation:decline', grantParam),
    openapi: { summary: 'The creator declines → declined', tags: ['delegation'], problems: [400, 401, 403, 404, 409, 503] },
  }),
  revokeDelegation: route({
    method: 'POST',
    path: '/v1/delegations/:id/revoke',
    params: { id: 'grantId' },
    contract: c.grantsRevoke,
    status: 200,
    auth: authorize('delegation:revoke', grantParam),
    openapi: {
      summary: 'The creator or an agency owner/admin ends the grant → revoked; effective everywhere within 1 s',
      tags: ['delegation'],
      problems: [400, 401, 403, 404, 409, 503],
    },
  }),
  narrowDelegation: route({
    method: 'PATCH',
    path: '/v1/delegations/:id',
    params: { id: 'grantId' },
    contract: c.grantsNarrow,
    auth: authorize('delegation:narrow', grantParam),
    openapi: { summary: 'The creator removes scopes from an active grant (never adds)', tags: ['delegation'], problems: [400, 401, 403, 404, 409, 422, 503] },
  }),

  listAudit: route({
    method: 'GET',
    path: '/v1/audit',
    contract: c.auditList,
    auth: authorize('audit:read', auditScope),
    openapi: {
      summary:
        "Append-only log: actor, on behalf of, action, target, at, traceId. A creator reads what was done for them; an agency owner/admin reads a creator's (with a grant in force) or the whole agency's.",
      tags: ['delegation'],
      problems: [400, 401, 403, 404, 503],
    },
  }),
};
