import { identityContracts, rosterContracts as c, creatorCardSchema, rosterPageSchema } from '#libs/contracts';
import { creatorFrom, ownBrand } from '../../auth/common.resources.js';
import { ownAgencyOrganization, rosterGrant } from './roster.resources.js';
import { rosterPageOrExport } from './roster-export.js';
import { creatorCard } from './creator-card.js';
import { setAssignees } from './assignees.js';
import { namedPage } from '../../composition/actor-names.js';
import { putCommission } from './commission.js';
import { versionFromIfMatch } from './if-match.js';
import { authorize, route } from '../../routes/route.js';

const creatorParam = creatorFrom('params');

/** The agency roster, creator profiles, rate cards and the composed creator card (docs/domain.md, "Roster, profiles and rate cards"). */
export const rosterRoutes = {
  listRoster: route({
    method: 'GET',
    path: '/v1/roster',
    contract: c.entriesList,
    auth: authorize('roster:read', ownAgencyOrganization),
    handle: rosterPageOrExport,
    openapi: {
      summary: "The agency's creators with a grant in force, each with a summary (followers, engagement rate, active campaigns, pending offers); filter by assignee, category or text, sort by name, since, followers or engagement rate; `Accept: text/csv` exports every matching creator with access in words, managers by name and rates",
      tags: ['roster'],
      problems: [400, 401, 403, 503],
      response: rosterPageSchema,
      csv: 'every matching creator from `cursor` on, in the chosen order and pages of `limit`: name, handle, categories, access, since, access ends, managers, summary figures, rate card currency and a price per deliverable type',
    },
  }),
  setRosterAssignees: route({
    method: 'PUT',
    path: '/v1/roster/:creatorId/assignees',
    contract: c.assigneesSet,
    auth: authorize('roster:assign', ownAgencyOrganization),
    handle: setAssignees,
    openapi: { summary: 'Name the agency members who manage this creator (owner/admin)', tags: ['roster'], problems: [400, 401, 403, 404, 422, 503] },
  }),
  removeFromRoster: route({
    method: 'DELETE',
    path: '/v1/roster/:creatorId',
    contract: identityContracts.grantsRevoke,
    // The path names the creator; what ends is the agency's grant in force with them.
    params: { creatorId: 'grantId' },
    status: 204,
    auth: authorize('delegation:revoke', rosterGrant),
    handle: ({ request, call }) => {
      const resource = request.authz?.resource;
      return call({ grantId: resource?.type === 'grant' ? resource.grant.id : '' });
    },
    openapi: {
      summary: "End the agency's grant with this creator (owner/admin; same effect as revoking it)",
      tags: ['roster'],
      problems: [400, 401, 403, 404, 409, 503],
      noContent: 'The grant is revoked; the creator leaves the roster',
    },
  }),

  findCreators: route({
    method: 'GET',
    path: '/v1/profiles',
    contract: c.profilesFind,
    auth: authorize('marketplace:discover', ownBrand),
    openapi: {
      summary:
        'Creators a brand member may send an offer to, by name or handle (`q`): marketplace-visible creators whose name or handle contains it, ' +
        'and first the creator whose handle it is exactly; `limit` ≤ 20 (10). Each as `{id, handle, displayName}`',
      tags: ['creators'],
      problems: [400, 401, 403, 503],
    },
  }),
  getCommission: route({
    method: 'GET',
    path: '/v1/roster/:creatorId/commission',
    contract: c.commissionGet,
    auth: authorize('commission:read', creatorParam),
    openapi: {
      summary: "The agency's commission on a roster creator and its split among members, with its version (version 0 when never set): the agency's members and the creator (who names `agencyId` when several agencies act for them)",
      tags: ['roster'],
      problems: [400, 401, 403, 404, 503],
    },
  }),
  putCommission: route({
    method: 'PUT',
    path: '/v1/roster/:creatorId/commission',
    contract: c.commissionPut,
    auth: authorize('commission:write', creatorParam),
    handle: putCommission,
    openapi: {
      summary: "Set the agency's commission on a roster creator (owner/admin): `percent` of each payment (two decimals at most) and `splits` among members (percent of the commission, together at most 100); names the version it replaces (`version` or `If-Match`; stale → 409); each share's user must be a member (422)",
      tags: ['roster'],
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  commissionHistory: route({
    method: 'GET',
    path: '/v1/roster/:creatorId/commission/history',
    contract: c.commissionHistory,
    auth: authorize('commission:read', creatorParam),
    openapi: { summary: 'Every version of the commission, newest first: who set it, when, percent and splits', tags: ['roster'], problems: [400, 401, 403, 404, 503] },
  }),

  getProfile: route({
    method: 'GET',
    path: '/v1/creators/:creatorId/profile',
    contract: c.profileGet,
    conditional: true,
    auth: authorize('profile:read', creatorParam),
    openapi: { summary: "A creator's profile (the creator, grant holders, brands when visible)", tags: ['creators'], problems: [400, 401, 404, 503] },
  }),
  updateProfile: route({
    method: 'PATCH',
    path: '/v1/creators/:creatorId/profile',
    contract: c.profileUpdate,
    auth: authorize('profile:write', creatorParam),
    openapi: {
      summary: 'Change profile fields (the creator, or an agency manager through a grant); codes are checked (ISO 3166-1 regions, BCP 47 languages, known categories)',
      tags: ['creators'],
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  getRates: route({
    method: 'GET',
    path: '/v1/creators/:creatorId/rates',
    contract: c.ratesGet,
    conditional: true,
    auth: authorize('rates:read', creatorParam),
    openapi: { summary: "A creator's rate card with its version (grant holders, brands when visible)", tags: ['creators'], problems: [400, 401, 404, 503] },
  }),
  putRates: route({
    method: 'PUT',
    path: '/v1/creators/:creatorId/rates',
    contract: c.ratesPut,
    auth: authorize('rates:write', creatorParam),
    handle: ({ request, input, call }) => call({ ...input, version: input.version ?? versionFromIfMatch(request.headers['if-match']) }),
    openapi: {
      summary: 'Replace the rate card, naming the version it replaces (`version` or `If-Match`; stale → 409); the creator or `rates:write`',
      tags: ['creators'],
      problems: [400, 401, 403, 404, 409, 503],
    },
  }),
  rateHistory: route({
    method: 'GET',
    path: '/v1/creators/:creatorId/rates/history',
    contract: c.ratesHistory,
    auth: authorize('rates:read', creatorParam),
    handle: namedPage,
    openapi: { summary: 'Every change of the rate card, newest first: who, when, through which grant, old → new', tags: ['creators'], problems: [400, 401, 404, 503] },
  }),
  creatorCard: route({
    method: 'GET',
    path: '/v1/creators/:creatorId/card',
    contract: c.profileGet,
    conditional: true,
    auth: authorize('profile:read', creatorParam),
    handle: creatorCard,
    openapi: {
      summary: "One composed view of a creator (profile, rates, metrics, audience, campaign counts); a section whose service is slow or down is null and named in `degraded`, and the card still answers 200",
      tags: ['creators'],
      problems: [400, 401, 404],
      response: creatorCardSchema,
    },
  }),
};
