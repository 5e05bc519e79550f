import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authorize, enforce, forbidden, unauthenticated } from '#libs/authz';
import { LOGGER } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import { Downstream } from '../downstream/downstream.js';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { GrantCache } from './grant-cache.js';
import { CreatorVisibility } from './creator-visibility.js';
import type { ApiKeyScope } from '#libs/contracts';
import { API_KEY_SCOPE, IS_PUBLIC, ROUTE_POLICY, type RoutePolicy } from './decorators.js';
import { ApiKeyAuthenticator } from './api-key.authenticator.js';
import { withRequestTrace } from './request-context.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/**
 * Deny by default, for every route: a route is either marked @Public() or declares its
 * action and resource with @Authorize(); the caller must present a valid access token, and
 * libs/authz must allow the action (401 / 403 / 404 otherwise). When the decision goes
 * through a grant, the principal forwarded downstream names it in `actingFor`.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier,
    @Inject(GrantCache) private readonly grants: GrantCache,
    @Inject(CreatorVisibility) private readonly visibility: CreatorVisibility,
    @Inject(Downstream) private readonly downstream: Downstream,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ApiKeyAuthenticator) private readonly apiKeys: ApiKeyAuthenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const apiKeyScope = this.reflector.get<ApiKeyScope | undefined>(API_KEY_SCOPE, ctx.getHandler());
    if (apiKeyScope) {
      await this.apiKeys.authenticate(request, reply, apiKeyScope);
      return true;
    }

    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) {
      reply.header('www-authenticate', 'Bearer');
      throw unauthenticated();
    }
    try {
      request.principal = await withRequestTrace(request, () => this.verifier.verify(match[1]));
    } catch (err) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw err;
    }

    const policy = this.reflector.get<RoutePolicy | undefined>(ROUTE_POLICY, ctx.getHandler());
    if (!policy) {
      this.logger.error({ route: request.routeOptions?.url, method: request.method }, 'route has neither @Public() nor @Authorize(): refused');
      throw forbidden();
    }
    const principal = request.principal;
    const resource = await withRequestTrace(request, () => policy.resource(request, { principal, grants: this.grants, visibility: this.visibility, downstream: this.downstream }));
    const decision = enforce(authorize(principal, policy.action, resource));
    if (decision.actingFor) request.principal = { ...principal, actingFor: decision.actingFor };
    request.authz = { action: policy.action, resource };
    return true;
  }
}
