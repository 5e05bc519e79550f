import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Action, Resource } from '#libs/authz';
import { unauthenticated } from '#libs/authz';
import type { ApiKeyScope, Principal } from '#libs/contracts';
import type { GrantCache } from './grant-cache.js';
import type { CreatorVisibility } from './creator-visibility.js';
import type { Downstream } from '../downstream/downstream.js';

export const IS_PUBLIC = Symbol('is-public');
export const ROUTE_POLICY = Symbol('route-policy');
export const API_KEY_SCOPE = Symbol('api-key-scope');

/** Opts a route (or controller) out of authentication. Everything else needs a valid token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export interface ResolverContext {
  principal: Principal;
  grants: GrantCache;
  visibility: CreatorVisibility;
  downstream: Downstream;
}

/** Names the resource a route acts on, from the request (and, if needed, its owner's service). */
export type ResourceResolver = (request: FastifyRequest, ctx: ResolverContext) => Resource | Promise<Resource>;

export interface RoutePolicy {
  action: Action;
  resource: ResourceResolver;
}

/**
 * The action a route performs and how to find its resource; AccessGuard asks libs/authz for
 * the decision before the handler runs. A non-public route without a policy is refused. The
 * OpenAPI operation says it needs a bearer token, from the same decorator.
 */
export const Authorize = (action: Action, resource: ResourceResolver) =>
  applyDecorators(SetMetadata(ROUTE_POLICY, { action, resource } satisfies RoutePolicy), ApiBearerAuth());

/** The authenticated caller (with `actingFor` when the route acts through a grant). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw unauthenticated();
  return principal;
});

/** The route is for machines: `X-Api-Key` holding `scope` instead of an access token. */
export const RequireApiKey = (scope: ApiKeyScope) => applyDecorators(SetMetadata(API_KEY_SCOPE, scope), ApiSecurity('apiKey'));
