import { headers as natsHeaders, RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import {
  AppError,
  AUTHORIZE_ONLY_HEADER,
  IDEMPOTENCY_KEY_HEADER,
  locatorSchema,
  TRACE_OF_RECORD_HEADER,
  PRINCIPAL_HEADER,
  REQUEST_ID_HEADER,
  parseOrThrow,
  replySchema,
  type Principal,
  type RequestContract,
  type RequestOf,
  type ResponseOf,
} from '#libs/contracts';
import { forwardedTraceOfRecord, injectTraceContext, withMessagingSpan } from '#libs/observability';
import { encodeRequestFrame, nestReplyFrame } from './nest-wire.js';
import type { PrincipalSigner } from '../bus/principal-token.js';

export interface RequestOptions {
  /** Who is asking: travels in a header, never in the body. */
  principal?: Principal;
  timeoutMs?: number;
  requestId?: string;
  /** Deduplicates a command end to end: the service stores its result under this key. */
  idempotencyKey?: string;
  /** The trace the service records for this call (TRACE_OF_RECORD_HEADER). */
  traceOfRecord?: string;
}

const decoder = new TextDecoder();

function isNoResponders(err: unknown): boolean {
  return err instanceof RequestError && err.isNoResponders();
}

function isTimeout(err: unknown): boolean {
  return err instanceof TimeoutError || (err instanceof RequestError && err.cause instanceof TimeoutError);
}

/**
 * Request/reply over NATS against the contract registry: the payload is validated before it
 * leaves, the reply is validated when it arrives, and every call has a deadline.
 * Failures come back as `AppError`s the gateway can render as problem details.
 */
export class RequestClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly defaultTimeoutMs = 5000,
    /** Signs forwarded principals; without it a call cannot carry one. */
    private readonly signer?: PrincipalSigner,
  ) {}

  async request<C extends RequestContract>(contract: C, payload: RequestOf<C>, opts: RequestOptions = {}): Promise<ResponseOf<C>> {
    const body = parseOrThrow(contract.request, payload, `request to ${contract.subject}`);
    return this.send(contract, body, opts, contract.response) as Promise<ResponseOf<C>>;
  }

  /**
   * Asks the service only whether the caller may send `contract` on the resource `locator`
   * names (a subset of the request's fields); resolves when it may, and throws the service's
   * 401/403/404 (or any failure) otherwise. Nothing runs in the service beyond its check.
   */
  async authorize(contract: RequestContract, locator: Record<string, unknown>, opts: Omit<RequestOptions, 'idempotencyKey'> = {}): Promise<void> {
    const body = parseOrThrow(locatorSchema(contract.request, Object.keys(locator)), locator, `authorization of ${contract.subject}`);
    await this.send(contract, body, { ...opts, authorizeOnly: true }, z.null());
  }

  private async send(contract: RequestContract, body: unknown, opts: RequestOptions & { authorizeOnly?: true }, response: z.ZodType): Promise<unknown> {
    return withMessagingSpan(contract.subject, 'request', async () => {
      const hdrs = injectTraceContext(natsHeaders());
      if (opts.principal) hdrs.set(PRINCIPAL_HEADER, this.signPrincipal(opts.principal, contract.subject, opts.requestId));
      if (opts.requestId) hdrs.set(REQUEST_ID_HEADER, opts.requestId);
      if (opts.idempotencyKey) hdrs.set(IDEMPOTENCY_KEY_HEADER, opts.idempotencyKey);
      if (opts.authorizeOnly) hdrs.set(AUTHORIZE_ONLY_HEADER, '1');
      const traceOfRecord = opts.traceOfRecord ?? forwardedTraceOfRecord();
      if (traceOfRecord) hdrs.set(TRACE_OF_RECORD_HEADER, traceOfRecord);
      let raw: Uint8Array;
      try {
        const msg = await this.nc.request(contract.subject, encodeRequestFrame(contract.subject, body), {
          timeout: opts.timeoutMs ?? this.defaultTimeoutMs,
          headers: hdrs,
        });
        raw = msg.data;
      } catch (err) {
        if (isNoResponders(err)) {
          throw new AppError('unavailable', 'Service unavailable', `${contract.service} is not answering`);
        }
        if (isTimeout(err)) {
          throw new AppError('timeout', 'Service timed out', `${contract.service} did not answer in time`);
        }
        throw withCause(new AppError('unavailable', 'Service unavailable', `${contract.service} is not reachable`), err);
      }
      return this.decodeReply(contract, raw, response);
    });
  }

  private signPrincipal(principal: Principal, subject: string, requestId: string | undefined): string {
    // Receivers refuse an unsigned principal, so sending one would only fail later and less clearly.
    if (!this.signer) throw new AppError('internal', 'Cannot forward principal', `no PRINCIPAL_SIGNING_KEY to sign the principal for ${subject}`);
    return this.signer.sign(principal, subject, requestId ?? null);
  }

  private decodeReply(contract: RequestContract, raw: Uint8Array, response: z.ZodType): unknown {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decoder.decode(raw));
    } catch {
      throw withCause(new AppError('internal', 'Malformed reply', `${contract.service} gave an unreadable answer`), `${contract.subject} replied with invalid JSON`);
    }
    const frame = nestReplyFrame.safeParse(parsed);
    if (!frame.success || frame.data.err !== undefined) {
      const why = frame.success ? String((frame.data.err as { message?: string })?.message ?? frame.data.err) : 'bad frame';
      throw withCause(new AppError('internal', 'Downstream failure', `${contract.service} failed`), `${contract.subject}: ${why}`);
    }
    const reply = replySchema(response).safeParse(frame.data.response);
    if (!reply.success) {
      throw withCause(new AppError('internal', 'Contract violation', `${contract.service} gave an unusable answer`), `${contract.subject} replied outside its contract`);
    }
    if ('error' in reply.data) throw AppError.fromRemote(reply.data.error);
    return reply.data.data;
  }
}

/**
 * What the caller may pass on names the service, never the bus: raw NATS error text and
 * subject names stay on `cause`, which logs show and problem details do not.
 */
function withCause(error: AppError, cause: unknown): AppError {
  return Object.assign(error, { cause: typeof cause === 'string' ? new Error(cause) : cause });
}
