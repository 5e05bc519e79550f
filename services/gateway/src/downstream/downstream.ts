import { Inject, Injectable } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import type { FastifyRequest } from 'fastify';
import { AppError, type RequestContract, type RequestOf, type ResponseOf } from '#libs/contracts';
import { RequestClient, type RequestOptions } from '#libs/messaging';
import { withRequestTrace } from '../auth/request-context.js';

export type CallContext = RequestOptions;

/** Failures that say something about the service's health; a 404 or 409 says nothing. */
export function countsAgainstBreaker(err: unknown): boolean {
  return !(err instanceof AppError) || err.status >= 500;
}

export class BreakerOpenError extends AppError {
  constructor(service: string, retryAfterSeconds: number) {
    super('unavailable', 'Service unavailable', `${service} is failing; requests are paused briefly`, undefined, { retryAfterSeconds });
  }
}

const RESET_TIMEOUT_MS = 5_000;

/**
 * Every downstream operation the gateway performs goes through its own breaker, so one
 * failing subject sheds load quickly without blocking the others.
 */
@Injectable()
export class Downstream {
  private readonly breakers = new Map<string, CircuitBreaker<[RequestContract, unknown, CallContext], unknown>>();

  constructor(@Inject(RequestClient) private readonly client: RequestClient) {}

  call<C extends RequestContract>(contract: C, payload: RequestOf<C>, ctx: CallContext = {}): Promise<ResponseOf<C>> {
    return this.breakerFor(contract.subject)
      .fire(contract, payload, ctx)
      .catch((err: unknown) => {
        if ((err as { code?: string })?.code === 'EOPENBREAKER') {
          throw new BreakerOpenError(contract.service, Math.ceil(RESET_TIMEOUT_MS / 1000));
        }
        throw err;
      }) as Promise<ResponseOf<C>>;
  }

  /**
   * The call an HTTP request makes: as its caller (principal header), in its trace, with its
   * request id and, for a write, its idempotency key.
   */
  callFor<C extends RequestContract>(request: FastifyRequest, contract: C, payload: RequestOf<C>, options: CallContext & { part?: number } = {}): Promise<ResponseOf<C>> {
    // A route that splits one request into several calls names each part, so each is its own command.
    const { part, ...overrides } = options;
    const idempotencyKey = request.idempotencyKey && part !== undefined ? `${request.idempotencyKey}#${part}` : request.idempotencyKey;
    const ctx: CallContext = { principal: request.principal, requestId: request.requestId, idempotencyKey, traceOfRecord: request.traceOfRecord, ...overrides };
    return withRequestTrace(request, () => this.call(contract, payload, ctx));
  }

  /**
   * Asks the contract's service whether this HTTP request's caller may send it, on the
   * resource `locator` names (the fields from the path); throws its 401/403/404 when not.
   */
  authorizeFor(request: FastifyRequest, contract: RequestContract, locator: Record<string, unknown>): Promise<void> {
    const ctx = { principal: request.principal, requestId: request.requestId, traceOfRecord: request.traceOfRecord };
    return withRequestTrace(request, () => this.client.authorize(contract, locator, ctx));
  }

  breakerStates(): Record<string, 'closed' | 'open' | 'half-open'> {
    return Object.fromEntries(
      [...this.breakers].map(([subject, b]) => [subject, b.opened ? 'open' : b.halfOpen ? 'half-open' : 'closed']),
    );
  }

  private breakerFor(subject: string) {
    let breaker = this.breakers.get(subject);
    if (!breaker) {
      breaker = new CircuitBreaker(
        (contract: RequestContract, payload: unknown, ctx: CallContext) =>
          this.client.request(contract, payload as never, ctx),
        {
          name: subject,
          timeout: false, // the request client enforces its own deadline per call
          errorThresholdPercentage: 50,
          volumeThreshold: 5,
          rollingCountTimeout: 10_000,
          resetTimeout: RESET_TIMEOUT_MS,
          errorFilter: (err: unknown) => !countsAgainstBreaker(err),
        },
      );
      this.breakers.set(subject, breaker);
    }
    return breaker;
  }
}
