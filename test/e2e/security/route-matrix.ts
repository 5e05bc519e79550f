import { randomUUID } from 'node:crypto';
import type { HttpMethod } from '../support/http.js';
import { allRoutes, routeKey } from '../../../services/gateway/src/routes/index.js';
import { eventually } from '#libs/testing';
import type { GatewayClient } from '../support/http.js';
import type { Stack } from '../support/stack.js';
import { approveGrant, bearer, expectStatus, invite, join, outboxDrained, requestGrant, signup, type Actor, type Grant } from './support.js';

/**
 * THE cross-route authorization matrix: every gateway route, and what each kind of outsider
 * gets on the victim tenant's resources. route-matrix.spec.ts runs it and fails when the
 * gateway's OpenAPI document lists a route this file does not — add every new route here.
 *
 * The world: one agency (owner, admin, manager, viewer) holding an active grant from one
 * creator and a pending request to a second; one brand. Outsiders: the owner of another
 * agency (with its own creator and grant), the owner of another brand, another creator, and
 * an anonymous caller. Each outsider request must be refused without changing a row.
 */

export interface World {
  agency: { owner: Actor; admin: Actor; manager: Actor; viewer: Actor };
  creator: Actor;
  /** Active: campaigns:read, metrics:read. */
  grant: Grant;
  pendingCreator: Actor;
  pendingGrant: Grant;
  brand: { owner: Actor };
  /** The brand's campaign, and its pending offer to `creator` (version 1 of its terms, authored by the brand). */
  campaign: { id: string };
  offer: { id: string };
  /** A second offer of the brand to `creator`, accepted by the creator: its contract and its payment schedule. */
  acceptedOffer: { id: string };
  /** The first payment of the accepted offer's schedule. */
  payment: { id: string };
  /** A manager account without organization (a candidate member). */
  freeManager: Actor;
  /** The agency's pending invitation to `freeManager`. */
  invitation: { id: string };
  /** The agency's webhook endpoint (to an unresolvable host, for no event that happens here) and its one test ping, which failed. */
  webhook: { id: string; deliveryId: string };
  outsiders: { otherAgency: Actor; otherBrand: Actor; otherCreator: Actor };
}

export type Outsider = 'anonymous' | keyof World['outsiders'];
export const OUTSIDERS: Outsider[] = ['anonymous', 'otherAgency', 'otherBrand', 'otherCreator'];

/** Members of the victim tenant that may see the resource but not do this (expected 403). */
export type Insider = 'agencyOwner' | 'agencyAdmin' | 'agencyManager' | 'agencyViewer' | 'creator' | 'brandOwner';

export function insiderActor(w: World, who: Insider): Actor {
  switch (who) {
    case 'agencyOwner':
      return w.agency.owner;
    case 'agencyAdmin':
      return w.agency.admin;
    case 'agencyManager':
      return w.agency.manager;
    case 'agencyViewer':
      return w.agency.viewer;
    case 'creator':
      return w.creator;
    case 'brandOwner':
      return w.brand.owner;
  }
}

export type Expectation =
  /** Refused with this status (the body of a 404 must equal that of an unknown id). */
  | 401
  | 403
  | 404
  /** Allowed, because the route only ever acts on the caller's own data: the answer must not
   * mention the victim tenant, and nothing of the victim's may change. */
  | { own: 200 | 201 | 204 }
  /** Not exercised, with the reason. */
  | { skip: string };

export interface RequestSpec {
  path: string;
  body?: unknown;
}

export interface RouteCase {
  /** As in OpenAPI: `METHOD /v1/path/{param}`. */
  route: string;
  /** Distinguishes several cases of one route. */
  variant?: string;
  /** The request against the victim's resource. */
  request(w: World): RequestSpec;
  /** The same request naming ids that do not exist (for routes whose outsiders get 404). */
  unknown?(w: World): RequestSpec;
  outsiders: Record<Outsider, Expectation>;
  /** Tenant members without the needed role or scope. */
  forbidden?: Insider[];
  /** A tenant member for whom the same request succeeds (so a 403/404 is not just "broken"). */
  allowed?: { who: Insider; status: 200 | 201 | 204 };
  /** The route takes an `X-Api-Key` (data connectors), not an access token. */
  apiKey?: true;
}

/**
 * Routes anyone may call, with the reason each route table gives for it; listed so the
 * coverage check knows they were considered.
 */
export const PUBLIC_ROUTES: Record<string, string> = {
  'GET /v1/health': 'operations: platform health, no tenant data',
  ...Object.fromEntries(allRoutes().flatMap((r) => ('public' in r.auth ? [[routeKey(r), r.auth.public]] : []))),
};

const none = randomUUID;
const METHOD = (route: string) => route.split(' ')[0] as HttpMethod;
export const methodOf = METHOD;

export const ROUTE_MATRIX: RouteCase[] = [
  {
    route: 'POST /v1/auth/logout',
    variant: "with the victim's refresh token",
    request: (w) => ({ path: '/v1/auth/logout', body: { refreshToken: w.creator.refreshToken } }),
    outsiders: { anonymous: 401, otherAgency: { own: 204 }, otherBrand: { own: 204 }, otherCreator: { own: 204 } },
  },
  {
    route: 'GET /v1/me',
    request: () => ({ path: '/v1/me' }),
    outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: { own: 200 }, otherCreator: { own: 200 } },
    allowed: { who: 'agencyViewer', status: 200 },
  },
  {
    route: 'GET /v1/orgs/{orgId}/members',
    request: (w) => ({ path: `/v1/orgs/${w.agency.owner.organization!.id}/members` }),
    unknown: () => ({ path: `/v1/orgs/${none()}/members` }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyManager', 'agencyViewer'],
    allowed: { who: 'agencyAdmin', status: 200 },
  },
  {
    route: 'GET /v1/orgs/{orgId}/members',
    variant: 'of a brand',
    request: (w) => ({ path: `/v1/orgs/${w.brand.owner.organization!.id}/members` }),
    unknown: () => ({ path: `/v1/orgs/${none()}/members` }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    allowed: { who: 'brandOwner', status: 200 },
  },
  {
    route: 'POST /v1/orgs/{orgId}/invitations',
    request: (w) => ({ path: `/v1/orgs/${w.agency.owner.organization!.id}/invitations`, body: { email: 'someone@example.com', role: 'admin' } }),
    unknown: () => ({ path: `/v1/orgs/${none()}/invitations`, body: { email: 'someone@example.com', role: 'admin' } }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyManager', 'agencyViewer'],
  },
  {
    route: 'POST /v1/orgs/{orgId}/invitations',
    variant: 'with the owner role',
    request: (w) => ({ path: `/v1/orgs/${w.agency.owner.organization!.id}/invitations`, body: { email: 'someone@example.com', role: 'owner' } }),
    unknown: () => ({ path: `/v1/orgs/${none()}/invitations`, body: { email: 'someone@example.com', role: 'owner' } }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyAdmin', 'agencyManager', 'agencyViewer'],
  },
  {
    route: 'GET /v1/invitations',
    request: () => ({ path: '/v1/invitations' }),
    outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: { own: 200 }, otherCreator: { own: 200 } },
  },
  {
    route: 'POST /v1/invitations/{id}/accept',
    request: (w) => ({ path: `/v1/invitations/${w.invitation.id}/accept`, body: {} }),
    unknown: () => ({ path: `/v1/invitations/${none()}/accept`, body: {} }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
  },
  {
    route: 'POST /v1/invitations/{id}/decline',
    request: (w) => ({ path: `/v1/invitations/${w.invitation.id}/decline`, body: {} }),
    unknown: () => ({ path: `/v1/invitations/${none()}/decline`, body: {} }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
  },
  {
    route: 'PATCH /v1/orgs/{orgId}/members/{userId}',
    request: (w) => ({ path: `/v1/orgs/${w.agency.owner.organization!.id}/members/${w.agency.manager.user.id}`, body: { role: 'owner' } }),
    unknown: () => ({ path: `/v1/orgs/${none()}/members/${none()}`, body: { role: 'owner' } }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyManager', 'agencyViewer', 'agencyAdmin'],
  },
  {
    route: 'DELETE /v1/orgs/{orgId}/members/{userId}',
    request: (w) => ({ path: `/v1/orgs/${w.agency.owner.organization!.id}/members/${w.agency.viewer.user.id}` }),
    unknown: () => ({ path: `/v1/orgs/${none()}/members/${none()}` }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyManager', 'agencyViewer'],
  },
  {
    route: 'POST /v1/delegations',
    request: (w) => ({ path: '/v1/delegations', body: { creatorHandle: w.creator.user.handle, scopes: ['rates:write'] } }),
    outsiders: {
      anonymous: 401,
      otherAgency: { skip: "asking a creator is any agency's right; it creates a pending request only the creator can approve" },
      otherBrand: 403,
      otherCreator: 403,
    },
    forbidden: ['agencyManager', 'agencyViewer', 'creator', 'brandOwner'],
  },
  {
    route: 'GET /v1/delegations',
    request: () => ({ path: '/v1/delegations' }),
    outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: { own: 200 }, otherCreator: { own: 200 } },
    allowed: { who: 'agencyViewer', status: 200 },
  },
  {
    route: 'GET /v1/delegations/{id}',
    request: (w) => ({ path: `/v1/delegations/${w.grant.id}` }),
    unknown: () => ({ path: `/v1/delegations/${none()}` }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    allowed: { who: 'agencyViewer', status: 200 },
  },
  {
    route: 'PATCH /v1/delegations/{id}',
    request: (w) => ({ path: `/v1/delegations/${w.grant.id}`, body: { scopes: ['metrics:read'] } }),
    unknown: () => ({ path: `/v1/delegations/${none()}`, body: { scopes: ['metrics:read'] } }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyOwner', 'agencyAdmin'],
  },
  {
    route: 'POST /v1/delegations/{id}/approve',
    request: (w) => ({ path: `/v1/delegations/${w.pendingGrant.id}/approve`, body: {} }),
    unknown: () => ({ path: `/v1/delegations/${none()}/approve`, body: {} }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyOwner', 'agencyAdmin', 'agencyManager'],
  },
  {
    route: 'POST /v1/delegations/{id}/decline',
    request: (w) => ({ path: `/v1/delegations/${w.pendingGrant.id}/decline`, body: {} }),
    unknown: () => ({ path: `/v1/delegations/${none()}/decline`, body: {} }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyOwner', 'agencyViewer'],
  },
  {
    route: 'POST /v1/delegations/{id}/revoke',
    request: (w) => ({ path: `/v1/delegations/${w.grant.id}/revoke`, body: {} }),
    unknown: () => ({ path: `/v1/delegations/${none()}/revoke`, body: {} }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyManager', 'agencyViewer'],
  },
  {
    route: 'GET /v1/audit',
    variant: "a creator's log",
    request: (w) => ({ path: `/v1/audit?creatorId=${w.creator.user.id}` }),
    unknown: () => ({ path: `/v1/audit?creatorId=${none()}` }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyManager', 'agencyViewer'],
    allowed: { who: 'agencyOwner', status: 200 },
  },
  {
    route: 'GET /v1/audit',
    variant: "the caller's own log",
    request: () => ({ path: '/v1/audit' }),
    outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: { own: 200 }, otherCreator: { own: 200 } },
    forbidden: ['agencyManager'],
    allowed: { who: 'creator', status: 200 },
  },
  {
    route: 'POST /v1/campaigns',
    request: () => ({ path: '/v1/campaigns', body: campaignBody() }),
    outsiders: {
      anonymous: 401,
      otherAgency: 403,
      otherBrand: { skip: "creating a campaign is any brand's right; it touches nobody else's data" },
      otherCreator: 403,
    },
    forbidden: ['agencyOwner', 'creator'],
  },
  {
    route: 'GET /v1/campaigns',
    request: () => ({ path: '/v1/campaigns' }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: { own: 200 }, otherCreator: 403 },
    forbidden: ['agencyViewer', 'creator'],
    allowed: { who: 'brandOwner', status: 200 },
  },
  {
    route: 'GET /v1/creators',
    // Any brand's right over visible creators only; the victim's creator is not visible, so an answer never names it.
    request: () => ({ path: '/v1/creators?category=beauty&country=US&minFollowers=1000&sort=engagementRate' }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: { own: 200 }, otherCreator: 403 },
    forbidden: ['agencyOwner', 'agencyViewer', 'creator'],
    allowed: { who: 'brandOwner', status: 200 },
  },
  {
    route: 'GET /v1/profiles',
    // Any brand's right over visible creators: the victim's creator is not visible, so a part of its handle never finds it.
    // (Its exact handle does, by design: a handle is what a creator gives out, as agencies ask for access by it.)
    request: (w) => ({ path: `/v1/profiles?q=${encodeURIComponent((w.creator.user.handle ?? 'xx').slice(0, -1))}` }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: { own: 200 }, otherCreator: 403 },
    forbidden: ['agencyOwner', 'agencyViewer', 'creator'],
    allowed: { who: 'brandOwner', status: 200 },
  },
  {
    route: 'GET /v1/campaigns/{id}',
    request: (w) => ({ path: `/v1/campaigns/${w.campaign.id}` }),
    unknown: () => ({ path: `/v1/campaigns/${none()}` }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 404, otherCreator: 403 },
    forbidden: ['agencyOwner', 'creator'],
    allowed: { who: 'brandOwner', status: 200 },
  },
  {
    route: 'PATCH /v1/campaigns/{id}',
    request: (w) => ({ path: `/v1/campaigns/${w.campaign.id}`, body: { version: 1, brief: 'Changed by someone' } }),
    unknown: () => ({ path: `/v1/campaigns/${none()}`, body: { version: 1, brief: 'Changed by someone' } }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 404, otherCreator: 403 },
    forbidden: ['agencyOwner', 'creator'],
  },
  ...(['pause', 'resume', 'close'] as const).map(
    (command): RouteCase => ({
      route: `POST /v1/campaigns/{id}/${command}`,
      request: (w) => ({ path: `/v1/campaigns/${w.campaign.id}/${command}`, body: {} }),
      unknown: () => ({ path: `/v1/campaigns/${none()}/${command}`, body: {} }),
      outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 404, otherCreator: 403 },
      forbidden: ['agencyOwner', 'creator'],
    }),
  ),
  {
    // Composed by the gateway; campaigns decides who sees the campaign, as for the campaign itself.
    route: 'GET /v1/campaigns/{id}/performance',
    request: (w) => ({ path: `/v1/campaigns/${w.campaign.id}/performance` }),
    unknown: () => ({ path: `/v1/campaigns/${none()}/performance` }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 404, otherCreator: 403 },
    forbidden: ['agencyOwner', 'creator'],
    allowed: { who: 'brandOwner', status: 200 },
  },
  {
    route: 'POST /v1/campaigns/{id}/share-links',
    request: (w) => ({ path: `/v1/campaigns/${w.campaign.id}/share-links`, body: { expiresAt: new Date(Date.now() + DAY_MS).toISOString() } }),
    unknown: () => ({ path: `/v1/campaigns/${none()}/share-links`, body: { expiresAt: new Date(Date.now() + DAY_MS).toISOString() } }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 404, otherCreator: 403 },
    forbidden: ['agencyOwner', 'creator'],
    allowed: { who: 'brandOwner', status: 201 },
  },
  {
    route: 'GET /v1/campaigns/{id}/share-links',
    request: (w) => ({ path: `/v1/campaigns/${w.campaign.id}/share-links` }),
    unknown: () => ({ path: `/v1/campaigns/${none()}/share-links` }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 404, otherCreator: 403 },
    forbidden: ['agencyOwner', 'creator'],
    allowed: { who: 'brandOwner', status: 200 },
  },
  {
    // A link id of no link of the campaign: its brand gets 404 too, so outsiders learn nothing from it.
    route: 'DELETE /v1/campaigns/{id}/share-links/{linkId}',
    request: (w) => ({ path: `/v1/campaigns/${w.campaign.id}/share-links/${none()}` }),
    unknown: () => ({ path: `/v1/campaigns/${none()}/share-links/${none()}` }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 404, otherCreator: 403 },
    forbidden: ['agencyOwner', 'creator'],
  },
  {
    route: 'POST /v1/campaigns/{id}/offers',
    request: (w) => ({ path: `/v1/campaigns/${w.campaign.id}/offers`, body: offerBody(w.creator.user.id) }),
    unknown: (w) => ({ path: `/v1/campaigns/${none()}/offers`, body: offerBody(w.creator.user.id) }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 404, otherCreator: 403 },
    forbidden: ['agencyOwner', 'creator'],
  },
  {
    route: 'GET /v1/deals',
    // The inbox is always the caller's own: other tenants get their own (empty) inbox; creators have none.
    request: () => ({ path: '/v1/deals' }),
    outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: { own: 200 }, otherCreator: 403 },
    forbidden: ['creator'],
    allowed: { who: 'agencyViewer', status: 200 },
  },
  {
    route: 'GET /v1/creators/{creatorId}/campaigns',
    request: (w) => ({ path: `/v1/creators/${w.creator.user.id}/campaigns?tab=pending` }),
    unknown: () => ({ path: `/v1/creators/${none()}/campaigns?tab=pending` }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    allowed: { who: 'agencyViewer', status: 200 },
  },
  {
    route: 'GET /v1/creators/{creatorId}/metrics',
    request: (w) => ({ path: `/v1/creators/${w.creator.user.id}/metrics?window=30d` }),
    unknown: () => ({ path: `/v1/creators/${none()}/metrics?window=30d` }),
    // Brands see marketplace-visible creators only; this creator is not listed there.
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    allowed: { who: 'agencyViewer', status: 200 },
  },
  {
    route: 'GET /v1/creators/{creatorId}/metrics/series',
    request: (w) => ({ path: `/v1/creators/${w.creator.user.id}/metrics/series?days=30` }),
    unknown: () => ({ path: `/v1/creators/${none()}/metrics/series?days=30` }),
    // The same rule as the creator's KPIs: brands see marketplace-visible creators only.
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    allowed: { who: 'agencyViewer', status: 200 },
  },
  {
    route: 'GET /v1/creators/{creatorId}/signals',
    request: (w) => ({ path: `/v1/creators/${w.creator.user.id}/signals` }),
    unknown: () => ({ path: `/v1/creators/${none()}/signals` }),
    // Derived from the creator's metrics: the same rule as its KPIs.
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    allowed: { who: 'agencyViewer', status: 200 },
  },
  {
    route: 'GET /v1/roster',
    request: () => ({ path: '/v1/roster' }),
    outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: 403, otherCreator: 403 },
    forbidden: ['creator', 'brandOwner'],
    allowed: { who: 'agencyViewer', status: 200 },
  },
  {
    route: 'PUT /v1/roster/{creatorId}/assignees',
    request: (w) => ({ path: `/v1/roster/${w.creator.user.id}/assignees`, body: { managerIds: [w.agency.manager.user.id] } }),
    unknown: (w) => ({ path: `/v1/roster/${none()}/assignees`, body: { managerIds: [w.agency.manager.user.id] } }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 403, otherCreator: 403 },
    forbidden: ['agencyManager', 'agencyViewer'],
    allowed: { who: 'agencyAdmin', status: 200 },
  },
  {
    route: 'DELETE /v1/roster/{creatorId}',
    request: (w) => ({ path: `/v1/roster/${w.creator.user.id}` }),
    unknown: () => ({ path: `/v1/roster/${none()}` }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyManager', 'agencyViewer'],
  },
  ...(['profile', 'rates', 'rates/history', 'card'] as const).map(
    (section): RouteCase => ({
      route: `GET /v1/creators/{creatorId}/${section}`,
      request: (w) => ({ path: `/v1/creators/${w.creator.user.id}/${section}` }),
      unknown: () => ({ path: `/v1/creators/${none()}/${section}` }),
      // The creator is not visible in the marketplace, so brands do not know of them either.
      outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
      allowed: { who: 'agencyViewer', status: 200 },
    }),
  ),
  {
    route: 'PATCH /v1/creators/{creatorId}/profile',
    request: (w) => ({ path: `/v1/creators/${w.creator.user.id}/profile`, body: { bio: 'Changed by someone' } }),
    unknown: () => ({ path: `/v1/creators/${none()}/profile`, body: { bio: 'Changed by someone' } }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    forbidden: ['agencyViewer'],
    allowed: { who: 'agencyManager', status: 200 },
  },
  {
    route: 'PUT /v1/creators/{creatorId}/rates',
    request: (w) => ({ path: `/v1/creators/${w.creator.user.id}/rates`, body: { items: [{ deliverable: 'video', price: { amount: 1, currency: 'USD' } }], version: 0 } }),
    unknown: () => ({ path: `/v1/creators/${none()}/rates`, body: { items: [{ deliverable: 'video', price: { amount: 1, currency: 'USD' } }], version: 0 } }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    // The grant lacks rates:write: no agency role may write the card.
    forbidden: ['agencyOwner', 'agencyAdmin', 'agencyManager', 'agencyViewer'],
  },
  ...negotiationCases(),
  ...moneyCases(),
  {
    route: 'GET /v1/creators/{creatorId}/audience',
    request: (w) => ({ path: `/v1/creators/${w.creator.user.id}/audience` }),
    unknown: () => ({ path: `/v1/creators/${none()}/audience` }),
    outsiders: { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 },
    allowed: { who: 'creator', status: 200 },
  },
  {
    route: 'POST /v1/api-keys',
    request: () => ({ path: '/v1/api-keys', body: { name: 'connector', scopes: ['metrics:ingest'] } }),
    // Only platform operators (PLATFORM_ADMINS, nobody in this world) issue keys.
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 403, otherCreator: 403 },
    forbidden: ['agencyOwner', 'creator', 'brandOwner'],
  },
  {
    route: 'GET /v1/api-keys',
    request: () => ({ path: '/v1/api-keys' }),
    // Only platform operators list keys; nobody in this world is one.
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 403, otherCreator: 403 },
    forbidden: ['agencyOwner', 'creator', 'brandOwner'],
  },
  {
    route: 'DELETE /v1/api-keys/{keyId}',
    request: () => ({ path: `/v1/api-keys/${none()}` }),
    outsiders: { anonymous: 401, otherAgency: 403, otherBrand: 403, otherCreator: 403 },
    forbidden: ['agencyOwner'],
  },
  ...(['videos', 'followers', 'audience'] as const).map(
    (kind): RouteCase => ({
      route: `POST /v1/ingest/${kind}`,
      variant: 'with an access token but no API key',
      request: (w) => ({ path: `/v1/ingest/${kind}`, body: { records: [{ observationId: none(), creatorId: w.creator.user.id }] } }),
      outsiders: { anonymous: 401, otherAgency: 401, otherBrand: 401, otherCreator: 401 },
      apiKey: true,
    }),
  ),
  // Notifications: a user's own inbox only; the service never takes a user id from the client.
  {
    route: 'GET /v1/notifications',
    request: () => ({ path: '/v1/notifications?unread=true' }),
    outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: { own: 200 }, otherCreator: { own: 200 } },
  },
  {
    route: 'POST /v1/notifications/read',
    request: () => ({ path: '/v1/notifications/read', body: { all: true } }),
    outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: { own: 200 }, otherCreator: { own: 200 } },
  },
  {
    route: 'GET /v1/notifications/stream',
    request: () => ({ path: '/v1/notifications/stream' }),
    // An event stream never ends by itself; test/e2e/notifications.spec.ts shows another user's stream gets nothing.
    outsiders: { anonymous: 401, otherAgency: { skip: 'a live stream (notifications.spec.ts)' }, otherBrand: { skip: 'a live stream (notifications.spec.ts)' }, otherCreator: { skip: 'a live stream (notifications.spec.ts)' } },
  },
  {
    route: 'GET /v1/notification-preferences',
    request: () => ({ path: '/v1/notification-preferences' }),
    outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: { own: 200 }, otherCreator: { own: 200 } },
  },
  {
    route: 'PUT /v1/notification-preferences',
    // The default mode: an outsider's answer is about their own preferences and stores nothing.
    request: () => ({ path: '/v1/notification-preferences', body: { email: { 'message.posted': 'instant' } } }),
    outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: { own: 200 }, otherCreator: { own: 200 } },
  },
  ...webhookCases(),
];

/** The agency's webhooks: owners and admins only; every other member 403, outsiders 404. */
function webhookCases(): RouteCase[] {
  const outsiders: Record<Outsider, Expectation> = { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 };
  const forbidden: Insider[] = ['agencyManager', 'agencyViewer'];
  const org = (w: World) => `/v1/orgs/${w.agency.owner.organization!.id}/webhooks`;
  const hook = (w: World) => `${org(w)}/${w.webhook.id}`;
  const unknownHook = () => `/v1/orgs/${none()}/webhooks/${none()}`;
  return [
    {
      route: 'POST /v1/orgs/{orgId}/webhooks',
      request: (w) => ({ path: org(w), body: WEBHOOK_BODY }),
      unknown: () => ({ path: `/v1/orgs/${none()}/webhooks`, body: WEBHOOK_BODY }),
      outsiders,
      forbidden,
      allowed: { who: 'agencyAdmin', status: 201 },
    },
    { route: 'GET /v1/orgs/{orgId}/webhooks', request: (w) => ({ path: org(w) }), unknown: () => ({ path: `/v1/orgs/${none()}/webhooks` }), outsiders, forbidden, allowed: { who: 'agencyAdmin', status: 200 } },
    { route: 'DELETE /v1/orgs/{orgId}/webhooks/{id}', request: (w) => ({ path: hook(w) }), unknown: () => ({ path: unknownHook() }), outsiders, forbidden },
    { route: 'POST /v1/orgs/{orgId}/webhooks/{id}/test', request: (w) => ({ path: `${hook(w)}/test`, body: {} }), unknown: () => ({ path: `${unknownHook()}/test`, body: {} }), outsiders, forbidden },
    {
      route: 'POST /v1/orgs/{orgId}/webhooks/{id}/rotate-secret',
      request: (w) => ({ path: `${hook(w)}/rotate-secret`, body: {} }),
      unknown: () => ({ path: `${unknownHook()}/rotate-secret`, body: {} }),
      outsiders,
      forbidden,
    },
    {
      route: 'GET /v1/orgs/{orgId}/webhooks/{id}/deliveries',
      request: (w) => ({ path: `${hook(w)}/deliveries` }),
      unknown: () => ({ path: `${unknownHook()}/deliveries` }),
      outsiders,
      forbidden,
      allowed: { who: 'agencyAdmin', status: 200 },
    },
    {
      route: 'POST /v1/orgs/{orgId}/webhooks/{id}/deliveries/{deliveryId}/retry',
      request: (w) => ({ path: `${hook(w)}/deliveries/${w.webhook.deliveryId}/retry`, body: {} }),
      unknown: () => ({ path: `${unknownHook()}/deliveries/${none()}/retry`, body: {} }),
      outsiders,
      forbidden,
    },
  ];
}

/** No event of this world is a payment: the endpoint gets no delivery while the matrix snapshots. */
const WEBHOOK_BODY = { url: 'https://hooks.invalid/in', events: ['payment.overdue'], description: 'matrix' };

const DAY_MS = 86_400_000;

/** A valid new campaign (dates relative to now). */
export function campaignBody() {
  return {
    name: 'Matrix campaign',
    budget: { amount: 1_000_000, currency: 'USD' },
    startsAt: new Date(Date.now() + DAY_MS).toISOString(),
    endsAt: new Date(Date.now() + 30 * DAY_MS).toISOString(),
    deliverables: [{ type: 'video', quantity: 1, dueAt: new Date(Date.now() + 10 * DAY_MS).toISOString() }],
  };
}

/** A valid offer to `creatorId`. */
export function offerBody(creatorId: string) {
  return {
    creatorId,
    price: { amount: 100_000, currency: 'USD' },
    deliverables: [{ type: 'video', quantity: 1, dueAt: new Date(Date.now() + 10 * DAY_MS).toISOString() }],
  };
}

/** Ids of the victim tenant that no outsider answer may contain. */
export function victimIds(w: World): string[] {
  return [
    w.agency.owner.organization!.id,
    w.brand.owner.organization!.id,
    w.creator.user.id,
    w.pendingCreator.user.id,
    w.grant.id,
    w.pendingGrant.id,
    ...Object.values(w.agency).map((a) => a.user.id),
    w.brand.owner.user.id,
    w.creator.user.email,
    w.creator.user.handle!,
    w.campaign.id,
    w.offer.id,
    w.acceptedOffer.id,
    w.payment.id,
  ];
}

/**
 * Offers under negotiation: strangers get 404 exactly as for an unknown offer; the agency's
 * grant has campaigns:read only, so its members read but may not negotiate or submit drafts.
 */
function negotiationCases(): RouteCase[] {
  const offer = (w: World, rest = '') => `/v1/offers/${w.offer.id}${rest}`;
  const unknownOffer = (rest = '') => `/v1/offers/${none()}${rest}`;
  const strangers = { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 } as const;
  const terms = {
    price: { amount: 300_000, currency: 'USD' },
    paymentTerms: { upfrontPercent: 30, netDays: 30 },
    deliverables: [{ type: 'video', quantity: 1, dueAt: '2027-06-01T00:00:00.000Z' }],
    usageRightsDays: 90,
    exclusivityDays: 30,
    revisionRounds: 1,
  };
  const onOffer = (route: string, rest: string, body: unknown, extra: Partial<RouteCase>): RouteCase => ({
    route,
    request: (w) => ({ path: offer(w, rest), ...(body === undefined ? {} : { body }) }),
    unknown: () => ({ path: unknownOffer(rest), ...(body === undefined ? {} : { body }) }),
    outsiders: strangers,
    ...extra,
  });
  const draft = { deliverable: 'video', url: 'https://cdn.example.com/draft.mp4', caption: 'Draft' };
  return [
    onOffer('GET /v1/offers/{id}', '', undefined, { allowed: { who: 'agencyViewer', status: 200 } }),
    onOffer('GET /v1/offers/{id}/versions', '', undefined, { request: (w) => ({ path: offer(w, '/versions?compare=1..1') }), unknown: () => ({ path: unknownOffer('/versions?compare=1..1') }), allowed: { who: 'agencyViewer', status: 200 } }),
    onOffer('POST /v1/offers/{id}/proposals', '/proposals', { baseVersion: 1, terms }, { forbidden: ['agencyOwner', 'agencyManager', 'agencyViewer'] }),
    onOffer('POST /v1/offers/{id}/accept', '/accept', { version: 1 }, { forbidden: ['agencyOwner', 'agencyManager', 'agencyViewer'] }),
    onOffer('POST /v1/offers/{id}/decline', '/decline', { reason: 'No' }, { forbidden: ['agencyOwner', 'agencyManager', 'agencyViewer'] }),
    onOffer('POST /v1/offers/{id}/confirm', '/confirm', {}, { forbidden: ['agencyOwner', 'brandOwner'] }),
    onOffer('POST /v1/offers/{id}/reject-confirmation', '/reject-confirmation', {}, { forbidden: ['agencyOwner', 'brandOwner'] }),
    onOffer('POST /v1/offers/{id}/complete', '/complete', {}, { forbidden: ['creator', 'agencyOwner'] }),
    onOffer('POST /v1/offers/{id}/withdraw', '/withdraw', {}, { forbidden: ['agencyManager', 'creator'] }),
    onOffer('GET /v1/offers/{id}/messages', '/messages', undefined, { allowed: { who: 'agencyViewer', status: 200 } }),
    onOffer('POST /v1/offers/{id}/messages', '/messages', { body: 'Hello' }, { forbidden: ['agencyOwner', 'agencyManager', 'agencyViewer'] }),
    onOffer('GET /v1/offers/{id}/submissions', '/submissions', undefined, { allowed: { who: 'agencyViewer', status: 200 } }),
    onOffer('POST /v1/offers/{id}/submissions', '/submissions', draft, { forbidden: ['agencyOwner', 'agencyManager', 'brandOwner'] }),
    // Answered by metrics from its own copy of the offer's parties, with the same offer policy.
    onOffer('GET /v1/offers/{id}/performance', '/performance', undefined, { allowed: { who: 'agencyViewer', status: 200 } }),
    {
      route: 'POST /v1/offers/{id}/submissions/{sid}/video',
      request: (w) => ({ path: offer(w, `/submissions/${none()}/video`), body: { videoId: 'live-video-1' } }),
      unknown: () => ({ path: unknownOffer(`/submissions/${none()}/video`), body: { videoId: 'live-video-1' } }),
      outsiders: strangers,
      forbidden: ['brandOwner', 'agencyOwner'],
    },
    {
      route: 'POST /v1/offers/{id}/submissions/{sid}/review',
      request: (w) => ({ path: offer(w, `/submissions/${none()}/review`), body: { decision: 'approve' } }),
      unknown: () => ({ path: unknownOffer(`/submissions/${none()}/review`), body: { decision: 'approve' } }),
      outsiders: strangers,
      forbidden: ['creator', 'agencyOwner'],
    },
    {
      route: 'GET /v1/creators/{creatorId}/negotiation-policy',
      request: (w) => ({ path: `/v1/creators/${w.creator.user.id}/negotiation-policy` }),
      unknown: () => ({ path: `/v1/creators/${none()}/negotiation-policy` }),
      outsiders: strangers,
      allowed: { who: 'agencyViewer', status: 200 },
    },
    {
      route: 'PUT /v1/creators/{creatorId}/negotiation-policy',
      request: (w) => ({ path: `/v1/creators/${w.creator.user.id}/negotiation-policy`, body: { requireConfirmation: false, minimumPrices: [] } }),
      unknown: () => ({ path: `/v1/creators/${none()}/negotiation-policy`, body: { requireConfirmation: false, minimumPrices: [] } }),
      outsiders: strangers,
      forbidden: ['agencyOwner', 'agencyManager', 'agencyViewer'],
      allowed: { who: 'creator', status: 200 },
    },
  ];
}

/**
 * Money after the handshake, on the accepted offer: negotiation decides the offer and payment
 * routes with the offer policy (the agency's grant has campaigns:read only, so its members read
 * but neither cancel, invoice nor dispute; only the creator in person signs; only the brand
 * pays); statements and the commission are decided at the gateway for the creator named.
 */
function moneyCases(): RouteCase[] {
  const strangers = { anonymous: 401, otherAgency: 404, otherBrand: 404, otherCreator: 404 } as const;
  const agencyRoles: Insider[] = ['agencyOwner', 'agencyManager', 'agencyViewer'];
  const onOffer = (route: string, rest: string, body: unknown, extra: Partial<RouteCase>): RouteCase => ({
    route,
    request: (w) => ({ path: `/v1/offers/${w.acceptedOffer.id}${rest}`, ...(body === undefined ? {} : { body }) }),
    unknown: () => ({ path: `/v1/offers/${none()}${rest}`, ...(body === undefined ? {} : { body }) }),
    outsiders: strangers,
    ...extra,
  });
  const onPayment = (step: string, body: unknown, forbidden: Insider[]): RouteCase => ({
    route: `POST /v1/payments/{id}/${step}`,
    request: (w) => ({ path: `/v1/payments/${w.payment.id}/${step}`, body }),
    unknown: () => ({ path: `/v1/payments/${none()}/${step}`, body }),
    outsiders: strangers,
    forbidden,
  });
  const month = new Date().toISOString().slice(0, 7);
  const commission = { percent: 10, splits: [], version: 0 };
  return [
    onOffer('POST /v1/offers/{id}/cancellation', '/cancellation', { reason: 'Plans changed' }, { forbidden: agencyRoles }),
    onOffer('POST /v1/offers/{id}/cancellation/accept', '/cancellation/accept', {}, { forbidden: agencyRoles }),
    onOffer('POST /v1/offers/{id}/cancellation/decline', '/cancellation/decline', {}, { forbidden: agencyRoles }),
    onOffer('GET /v1/offers/{id}/payments', '/payments', undefined, { allowed: { who: 'agencyViewer', status: 200 } }),
    onOffer('GET /v1/offers/{id}/contract', '/contract', undefined, { allowed: { who: 'agencyViewer', status: 200 } }),
    onOffer('POST /v1/offers/{id}/contract/sign', '/contract/sign', {}, { forbidden: ['agencyOwner', 'agencyManager'] }),
    onPayment('invoice', { reference: 'INV-1' }, [...agencyRoles, 'brandOwner']),
    onPayment('paid', { reference: 'WIRE-1' }, ['creator', 'agencyOwner']),
    onPayment('dispute', { reason: 'Wrong amount' }, agencyRoles),
    {
      route: 'GET /v1/statements',
      request: (w) => ({ path: `/v1/statements?creatorId=${w.creator.user.id}&month=${month}` }),
      unknown: () => ({ path: `/v1/statements?creatorId=${none()}&month=${month}` }),
      outsiders: strangers,
      allowed: { who: 'agencyViewer', status: 200 },
    },
    {
      route: 'GET /v1/payments',
      // The overview is always the caller's own: other tenants get their own payments, never the victim's.
      request: () => ({ path: '/v1/payments' }),
      outsiders: { anonymous: 401, otherAgency: { own: 200 }, otherBrand: { own: 200 }, otherCreator: { own: 200 } },
      allowed: { who: 'agencyViewer', status: 200 },
    },
    {
      route: 'GET /v1/payments',
      variant: "filtered to the victim's creator",
      request: (w) => ({ path: `/v1/payments?creatorId=${w.creator.user.id}` }),
      unknown: () => ({ path: `/v1/payments?creatorId=${none()}` }),
      outsiders: strangers,
      allowed: { who: 'agencyViewer', status: 200 },
    },
    {
      route: 'GET /v1/roster/{creatorId}/commission',
      request: (w) => ({ path: `/v1/roster/${w.creator.user.id}/commission` }),
      unknown: () => ({ path: `/v1/roster/${none()}/commission` }),
      outsiders: strangers,
      allowed: { who: 'agencyViewer', status: 200 },
    },
    {
      route: 'GET /v1/roster/{creatorId}/commission/history',
      request: (w) => ({ path: `/v1/roster/${w.creator.user.id}/commission/history` }),
      unknown: () => ({ path: `/v1/roster/${none()}/commission/history` }),
      outsiders: strangers,
      allowed: { who: 'creator', status: 200 },
    },
    {
      route: 'PUT /v1/roster/{creatorId}/commission',
      request: (w) => ({ path: `/v1/roster/${w.creator.user.id}/commission`, body: commission }),
      unknown: () => ({ path: `/v1/roster/${none()}/commission`, body: commission }),
      outsiders: strangers,
      // The agency's own decision: its owner/admin set it; the creator sees it but does not.
      forbidden: ['agencyManager', 'agencyViewer', 'creator'],
    },
  ];
}

/**
 * The same request made invalid: a field no contract has (holding a NUL) added to the body,
 * or a stray query parameter for a route that reads the query. Authorization is answered
 * first, so whoever is refused the valid request is refused this one alike (the rest of the
 * body stays as it was: some refusals depend on it, e.g. only an owner may invite an owner).
 */
export function invalidRequest(c: RouteCase, spec: RequestSpec): RequestSpec {
  const method = METHOD(c.route);
  if (method === 'GET' || method === 'DELETE') {
    return { ...spec, path: `${spec.path}${spec.path.includes('?') ? '&' : '?'}notAField=%00` };
  }
  const body = spec.body && typeof spec.body === 'object' && !Array.isArray(spec.body) ? (spec.body as Record<string, unknown>) : {};
  return { ...spec, body: { ...body, notAField: '\u0000' } };
}

/**
 * Builds the world on a running stack: the victim agency with its members, creators and
 * grants, the brand with a campaign and an offer, and the outsiders; returns once every
 * service's copies (roster, metrics' grants and offers) have caught up.
 */
/**
 * Sign-ups one after another: each hashes a password on purpose slowly, and eleven at once on a
 * busy machine outlast identity's deadline; the world does not need them in parallel.
 */
async function inTurn<T extends unknown[]>(steps: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  const out: unknown[] = [];
  for (const step of steps) out.push(await step());
  return out as T;
}

export async function buildWorld(api: GatewayClient, stack: Stack): Promise<World> {
    const owner = await signup(api, 'manager', { org: 'Victim Agency' });
    const [admin, manager, viewer, freeManager, creator, pendingCreator, brandOwner, otherAgency, theirCreator, otherBrand, otherCreator] = await inTurn([
      () => signup(api, 'manager'),
      () => signup(api, 'manager'),
      () => signup(api, 'manager'),
      () => signup(api, 'manager'),
      () => signup(api, 'creator'),
      () => signup(api, 'creator'),
      () => signup(api, 'brand', { org: 'Victim Brand' }),
      () => signup(api, 'manager', { org: 'Other Agency' }),
      () => signup(api, 'creator'),
      () => signup(api, 'brand', { org: 'Other Brand' }),
      () => signup(api, 'creator'),
    ]);
    const agency = {
      owner,
      admin: await join(api, owner, admin, 'admin'),
      manager: await join(api, owner, manager, 'manager'),
      viewer: await join(api, owner, viewer, 'viewer'),
    };
    const requested = await requestGrant(api, owner, creator, ['campaigns:read', 'metrics:read']);
    const grant = await approveGrant(api, creator, requested.id);
    const pendingGrant = await requestGrant(api, owner, pendingCreator, ['metrics:read']);
    await approveGrant(api, theirCreator, (await requestGrant(api, otherAgency, theirCreator, ['metrics:read'])).id);
    const invitation = await invite(api, owner, freeManager, 'manager');
    const campaign = expectStatus(await api.post<{ id: string }>('/v1/campaigns', { headers: bearer(brandOwner), json: campaignBody() }), 201, 'campaign').body;
    // Campaigns learns of the new creator from identity's sign-up event: retry until it has.
    const offer = await eventually(async () => {
      const res = await api.post<{ id: string }>(`/v1/campaigns/${campaign.id}/offers`, { headers: bearer(brandOwner), json: offerBody(creator.user.id) });
      return res.status === 201 ? res.body : undefined;
    });
    // A second offer the creator accepts in person: a contract and a payment schedule to act on.
    // (One open offer per campaign and creator: the second goes out in a campaign of its own.)
    const secondCampaign = expectStatus(await api.post<{ id: string }>('/v1/campaigns', { headers: bearer(brandOwner), json: campaignBody() }), 201, 'second campaign').body;
    const acceptedOffer = expectStatus(await api.post<{ id: string }>(`/v1/campaigns/${secondCampaign.id}/offers`, { headers: bearer(brandOwner), json: offerBody(creator.user.id) }), 201, 'second offer').body;
    await eventually(async () => (await api.post(`/v1/offers/${acceptedOffer.id}/accept`, { headers: bearer(creator), json: { version: 1 } })).status === 200, 10_000);
    const schedule = expectStatus(await api.get<{ items: { id: string }[] }>(`/v1/offers/${acceptedOffer.id}/payments`, { headers: bearer(brandOwner) }), 200, 'payments').body;
    const w: World = {
      agency,
      creator,
      grant,
      pendingCreator,
      pendingGrant,
      brand: { owner: brandOwner },
      campaign,
      offer,
      acceptedOffer,
      payment: { id: schedule.items[0]!.id },
      freeManager,
      invitation,
      webhook: await testedWebhook(api, owner),
      outsiders: { otherAgency, otherBrand, otherCreator },
    };
    // Roster follows grants from identity's events: wait until it holds the victim's grant.
    await eventually(async () => ((await api.get<{ items: { creator: { id: string } }[] }>('/v1/roster', { headers: bearer(owner) })).body.items ?? []).some((e) => e.creator.id === creator.user.id), 10_000);
    await outboxDrained(stack.db.url);
    // Consumers of the grant events (metrics' grant copy) have caught up before any snapshot is taken.
    await eventually(async () => (await api.get(`/v1/creators/${creator.user.id}/metrics`, { headers: bearer(agency.viewer) })).status === 200, 15_000);
    // And metrics' copy of the offer (negotiation's offer events).
    await eventually(async () => (await api.get(`/v1/offers/${offer.id}/performance`, { headers: bearer(brandOwner) })).status === 200, 15_000);
    return w;
}

/** An endpoint of the agency and its test ping, once the ping's one attempt has failed (nothing changes after). */
async function testedWebhook(api: GatewayClient, owner: Actor): Promise<World['webhook']> {
  const path = `/v1/orgs/${owner.organization!.id}/webhooks`;
  const { id } = expectStatus(await api.post<{ id: string }>(path, { headers: bearer(owner), json: WEBHOOK_BODY }), 201, 'webhook').body;
  const ping = expectStatus(await api.post<{ id: string }>(`${path}/${id}/test`, { headers: bearer(owner), json: {} }), 202, 'ping').body;
  await eventually(async () => {
    const log = await api.get<{ items: { id: string; status: string }[] }>(`${path}/${id}/deliveries`, { headers: bearer(owner) });
    return log.body.items?.some((d) => d.id === ping.id && d.status === 'failed');
  }, 20_000);
  return { id, deliveryId: ping.id };
}
