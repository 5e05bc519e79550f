import { Inject, Injectable, Optional } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import type { FastifyRequest } from 'fastify';
import { Gauge } from 'prom-client';
import { ServiceMetrics } from '#libs/observability';
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

export type BreakerState = 'closed' | 'half-open' | 'open';

/** How `tp_breaker_state` encodes a state: ordered by severity, so `max` over subjects is meaningful. */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Every downstream operation the gateway performs goes through its own breaker, so one
 * failing subject sheds load quickly without blocking the others.
 */
@Injectable()
export class Downstream {
  private readonly breakers = new Map<string, CircuitBreaker<[RequestContract, unknown, CallContext], unknown>>();

  /** The service each breaker's subject belongs to: alerts and dashboards group by it. */
  private readonly downstreamOf = new Map<string, string>();

  constructor(
    @Inject(RequestClient) private readonly client: RequestClient,
    @Optional() @Inject(ServiceMetrics) metrics?: ServiceMetrics,
  ) {
    if (metrics) this.registerBreakerGauge(metrics);
  }

  call<C extends RequestContract>(contract: C, payload: RequestOf<C>, ctx: CallContext = {}): Promise<ResponseOf<C>> {
    return this.breakerFor(contract)
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

  breakerStates(): Record<string, BreakerState> {
    return Object.fromEntries(
      [...this.breakers].map(([subject, b]) => [subject, b.opened ? 'open' : b.halfOpen ? 'half-open' : 'closed']),
    );
  }

  private registerBreakerGauge(metrics: ServiceMetrics) {
    const states = () => this.breakerStates();
    const downstreamOf = this.downstreamOf;
    new Gauge({
      name: 'tp_breaker_state',
      help: 'Circuit breaker per downstream subject the gateway calls: 0 closed, 1 half-open (probing), 2 open (calls refused with 503)',
      labelNames: ['downstream', 'subject'],
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const [subject, state] of Object.entries(states())) {
          this.set({ downstream: downstreamOf.get(subject) ?? subject, subject }, BREAKER_STATE_VALUE[state]);
        }
      },
    });
  }

  private breakerFor(contract: RequestContract) {
    const subject = contract.subject;
    let breaker = this.breakers.get(subject);
    if (!breaker) {
      this.downstreamOf.set(subject, contract.service);
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
