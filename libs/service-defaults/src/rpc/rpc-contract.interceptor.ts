import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { context, trace } from '@opentelemetry/api';
import { from, lastValueFrom, Observable } from 'rxjs';
import { AppError, AUTHORIZE_ONLY_HEADER, IDEMPOTENCY_KEY_HEADER, locatorSchema, parseOrThrow, TRACE_OF_RECORD_HEADER, type RemoteError, type RequestContract } from '#libs/contracts';
import { extractTraceContext, runWithTraceOfRecord, withMessagingSpan, type Logger, type ServiceMetrics } from '#libs/observability';
import { unavailableError, type PrincipalVerifier } from '#libs/messaging';
import { invalidTextError } from '#libs/persistence';
import { authorizerOf, contractOf, principalFrom, verifyRequestPrincipal } from './rpc-handler.decorator.js';
import { hashRequest, parseIdempotencyKey, runInCommandContext } from '../commands/command-context.js';
import { InflightRequests } from './inflight.js';

/**
 * Every NATS request passes through here: the caller's trace context is restored, a forwarded
 * principal is verified (signature, signer, subject, expiry, one use), the handler runs in a
 * `<subject> process` span, its result is checked against the contract and wrapped as `{ data }`, and any failure becomes a typed `{ error }` reply — a handler
 * can never crash the transport or leak a stack trace to the caller. A request carrying an
 * idempotency key runs in a command context, which UnitOfWork uses to deduplicate it, and
 * the caller's trace of record (what audit entries name) is kept for the handler.
 */
@Injectable()
export class RpcContractInterceptor implements NestInterceptor {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly logger: Logger,
    private readonly inflight: InflightRequests,
    /** Keys of the principals' signers (PRINCIPAL_VERIFY_KEYS); with none, every principal is refused. */
    private readonly verifier: PrincipalVerifier,
    /** The service's instance of a provider class (an RpcAuthorizer runs on it). */
    private readonly instanceOf: (provider: new (...args: never[]) => unknown) => unknown = () => undefined,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'rpc') return next.handle();
    const nats = ctx.switchToRpc().getContext<NatsContext>();
    const subject = nats.getSubject();
    const contract = contractOf(ctx);
    const started = performance.now();
    const parent = extractTraceContext(nats.getHeaders());
    this.inflight.begin();

    let handlerContext = parent;
    const run = withMessagingSpan(
      subject,
      'handle',
      async (span) => {
        handlerContext = trace.setSpan(parent, span);
        let outcome = 'ok';
        try {
          verifyRequestPrincipal(ctx, this.verifier, contract);
          if (contract && nats.getHeaders()?.get(AUTHORIZE_ONLY_HEADER)) {
            await this.authorizeOnly(ctx, contract);
            return { data: null };
          }
          if (contract) {
            // Validated here, not by each handler, so no handler can forget it. Nest hands the
            // same args array to the handler, so the parsed value replaces the raw one.
            ctx.getArgs()[0] = parseOrThrow(contract.request, ctx.getArgs()[0], contract.subject);
          }
          const key = parseIdempotencyKey(nats.getHeaders()?.get(IDEMPOTENCY_KEY_HEADER));
          // next.handle() binds the async context when called, so call it inside the span
          // (and inside the command context).
          const handle = () =>
            runWithTraceOfRecord(nats.getHeaders()?.get(TRACE_OF_RECORD_HEADER), () => lastValueFrom(next.handle(), { defaultValue: undefined }));
          const result = key
            ? await runInCommandContext(
                { key, subject, principalId: principalFrom(ctx)?.userId ?? '', requestHash: hashRequest(ctx.getArgs()[0]) },
                handle,
              )
            : await handle();
          if (contract) {
            const checked = contract.response.safeParse(result);
            if (!checked.success) {
              this.logger.error({ subject, issues: checked.error.issues }, 'handler reply violates its contract');
              outcome = 'internal';
              return { error: { code: 'internal', title: 'Contract violation' } satisfies RemoteError };
            }
            return { data: checked.data };
          }
          return { data: result };
        } catch (err) {
          // A database refusal of the caller's text is the caller's 400, and a database or bus
          // that is away is a 503 the caller may retry: neither is this service's 500.
          const appError = err instanceof AppError ? err : (invalidTextError(err) ?? unavailableError(err));
          outcome = appError?.code ?? 'internal';
          if (!appError || appError.status >= 500) {
            span.recordException(err as Error);
            this.logger.error({ err, subject }, 'request handler failed');
          }
          return { error: appError ? appError.toRemote() : ({ code: 'internal', title: 'Internal error' } satisfies RemoteError) };
        } finally {
          span.setAttribute('rpc.outcome', outcome);
          this.metrics.observeRpc(subject, outcome, (performance.now() - started) / 1000);
          this.inflight.end();
        }
      },
      { parent },
    );
    // Subscribing inside the handler's context makes Nest serialize the reply there, so the
    // reply headers carry this span (TraceContextSerializer).
    return new Observable((subscriber) => {
      const subscription = from(run).subscribe({
        next: (value) => context.with(handlerContext, () => subscriber.next(value)),
        error: (err) => context.with(handlerContext, () => subscriber.error(err)),
        complete: () => context.with(handlerContext, () => subscriber.complete()),
      });
      return () => subscription.unsubscribe();
    });
  }

  /**
   * Answers only "may this caller send this request?": the locator fields the gateway sent
   * are validated, then the service's RpcAuthorizer for the subject runs (none: nothing to
   * check beyond what the caller checked). No handler runs and nothing is written.
   */
  private async authorizeOnly(ctx: ExecutionContext, contract: RequestContract): Promise<void> {
    const raw = ctx.getArgs()[0] as unknown;
    const fields = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : [];
    const locator = parseOrThrow(locatorSchema(contract.request, fields), raw, contract.subject);
    const authorizer = authorizerOf(contract.subject);
    if (!authorizer) return;
    const instance = this.instanceOf(authorizer.owner) as Record<string | symbol, (locator: unknown, principal: unknown) => unknown> | undefined;
    if (!instance) throw new AppError('internal', 'Authorizer unavailable', `no ${authorizer.owner.name} to authorize ${contract.subject}`);
    await instance[authorizer.key]!(locator, principalFrom(ctx));
  }

}
