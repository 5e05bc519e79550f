import { headers as natsHeaders, RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import {
  AppError,
  IDEMPOTENCY_KEY_HEADER,
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
  ) {}

  async request<C extends RequestContract>(contract: C, payload: RequestOf<C>, opts: RequestOptions = {}): Promise<ResponseOf<C>> {
    const body = parseOrThrow(contract.request, payload, `request to ${contract.subject}`);
    return withMessagingSpan(contract.subject, 'request', async () => {
      const hdrs = injectTraceContext(natsHeaders());
      if (opts.principal) hdrs.set(PRINCIPAL_HEADER, JSON.stringify(opts.principal));
      if (opts.requestId) hdrs.set(REQUEST_ID_HEADER, opts.requestId);
      if (opts.idempotencyKey) hdrs.set(IDEMPOTENCY_KEY_HEADER, opts.idempotencyKey);
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
      return this.decodeReply(contract, raw);
    });
  }

  private decodeReply<C extends RequestContract>(contract: C, raw: Uint8Array): ResponseOf<C> {
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
    const reply = replySchema(contract.response).safeParse(frame.data.response);
    if (!reply.success) {
      throw withCause(new AppError('internal', 'Contract violation', `${contract.service} gave an unusable answer`), `${contract.subject} replied outside its contract`);
    }
    if ('error' in reply.data) throw AppError.fromRemote(reply.data.error);
    return reply.data.data as ResponseOf<C>;
  }
}

/**
 * What the caller may pass on names the service, never the bus: raw NATS error text and
 * subject names stay on `cause`, which logs show and problem details do not.
 */
function withCause(error: AppError, cause: unknown): AppError {
  return Object.assign(error, { cause: typeof cause === 'string' ? new Error(cause) : cause });
}
