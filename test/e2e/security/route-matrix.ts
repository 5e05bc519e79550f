import { randomUUID } from 'node:crypto';
import type { HttpMethod } from '../support/http.js';
import { allRoutes, routeKey } from '../../../services/gateway/src/routes/index.js';
import type { Actor, Grant } from './support.js';

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
  /** A manager account without organization (a candidate member). */
  freeManager: Actor;
  /** The agency's pending invitation to `freeManager`. */
  invitation: { id: string };
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
];

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
  ];
}
