import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RequestContract, RequestOf, ResponseOf } from '#libs/contracts';
import { Downstream } from '../downstream/downstream.js';
import { withRequestTrace } from '../auth/request-context.js';

/** Calls identity for a request: the caller's principal in the header, the request's trace and id. */
@Injectable()
export class IdentityClient {
  constructor(@Inject(Downstream) private readonly downstream: Downstream) {}

  call<C extends RequestContract>(request: FastifyRequest, contract: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    return withRequestTrace(request, () =>
      this.downstream.call(contract, payload, { principal: request.principal, requestId: request.requestId }),
    );
  }
}
