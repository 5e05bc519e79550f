import { context, isSpanContextValid, propagation, trace, SpanKind, SpanStatusCode, type Context, type Span, type Link } from '@opentelemetry/api';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';

/**
 * No OpenTelemetry instrumentation exists for NATS in Node, so W3C trace context is
 * carried in message headers by hand: injected by every publisher, extracted by every
 * handler. Keeping both directions here is what makes one trace span every hop.
 */
const setter = {
  set(carrier: MsgHdrs, key: string, value: string) {
    carrier.set(key, value);
  },
};
const getter = {
  get(carrier: MsgHdrs | undefined, key: string) {
    return carrier?.get(key) || undefined;
  },
  keys(carrier: MsgHdrs | undefined) {
    return carrier ? carrier.keys() : [];
  },
};

export const MESSAGING_TRACER = 'talent-portal.messaging';

export function injectTraceContext(hdrs: MsgHdrs = natsHeaders(), ctx: Context = context.active()): MsgHdrs {
  propagation.inject(ctx, hdrs, setter);
  return hdrs;
}

export function extractTraceContext(hdrs: MsgHdrs | undefined, base: Context = context.active()): Context {
  return propagation.extract(base, hdrs, getter);
}

/** Serializable form of the active context, for rows that are published later (outbox). */
export function captureTraceCarrier(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

export function contextFromCarrier(carrier: Record<string, string> | null | undefined): Context {
  return propagation.extract(context.active(), carrier ?? {});
}

type MessagingOperation = 'publish' | 'process' | 'request';

const KIND: Record<MessagingOperation, SpanKind> = {
  publish: SpanKind.PRODUCER,
  process: SpanKind.CONSUMER,
  request: SpanKind.CLIENT,
};

/**
 * Runs `fn` inside a messaging span named `<subject> <operation>`, ends it, records failures.
 * `parent` is the context to start from (extracted headers for handlers); `links` lets a
 * JetStream consumer point at the producer without adopting it as parent.
 */
export async function withMessagingSpan<T>(
  subject: string,
  operation: MessagingOperation | 'handle',
  fn: (span: Span) => Promise<T>,
  opts: { parent?: Context; links?: Link[]; attributes?: Record<string, string | number | boolean> } = {},
): Promise<T> {
  const tracer = trace.getTracer(MESSAGING_TRACER);
  const kind = operation === 'handle' ? SpanKind.SERVER : KIND[operation];
  const span = tracer.startSpan(
    `${subject} ${operation === 'handle' ? 'process' : operation}`,
    {
      kind,
      links: opts.links,
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': subject,
        'messaging.operation.type': operation === 'handle' ? 'process' : operation === 'request' ? 'send' : operation,
        ...opts.attributes,
      },
    },
    opts.parent ?? context.active(),
  );
  const ctx = trace.setSpan(opts.parent ?? context.active(), span);
  try {
    return await context.with(ctx, () => fn(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

/** The trace the current code runs in (e.g. continued from the gateway's request), for logs and audit rows. */
export function currentTraceId(): string | undefined {
  const span = trace.getSpanContext(context.active());
  return span && isSpanContextValid(span) ? span.traceId : undefined;
}
