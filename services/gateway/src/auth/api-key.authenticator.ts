import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthenticated } from '#libs/authz';
import { apiKeyContracts, AppError, type ApiKeyScope } from '#libs/contracts';
import { Downstream } from '../downstream/downstream.js';
import { withRequestTrace } from './request-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the route is authenticated by `X-Api-Key` (data connectors). */
    apiKeyId?: string;
  }
}

/**
 * Machine callers present `X-Api-Key`; identity says which key it is and what it may do.
 * Every request asks identity (one round trip per batch of up to 10,000 records), so a
 * revoked key stops at once: unknown or revoked → 401, a key without the scope → 403.
 */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(@Inject(Downstream) private readonly downstream: Downstream) {}

  async authenticate(request: FastifyRequest, reply: FastifyReply, scope: ApiKeyScope): Promise<void> {
    const key = request.headers['x-api-key'];
    if (typeof key !== 'string' || key.length === 0) {
      reply.header('www-authenticate', 'ApiKey');
      throw unauthenticated();
    }
    let verified: { keyId: string; scopes: ApiKeyScope[] };
    try {
      verified = await withRequestTrace(request, () => this.downstream.call(apiKeyContracts.verify, { key: key.slice(0, 200) }, { requestId: request.requestId }));
    } catch (err) {
      if (err instanceof AppError && (err.code === 'unauthenticated' || err.code === 'validation')) {
        reply.header('www-authenticate', 'ApiKey error="invalid_key"');
        throw unauthenticated();
      }
      throw err;
    }
    if (!verified.scopes.includes(scope)) throw forbidden();
    request.apiKeyId = verified.keyId;
  }
}
