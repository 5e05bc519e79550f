import type { JsMsg } from '@nats-io/jetstream';
import { ROOT_CONTEXT, SpanStatusCode, isSpanContextValid, trace, type Context, type Link, type Span } from '@opentelemetry/api';
import { extractTraceContext } from '#libs/observability';

/**
 * How a consumer settled one message, as counted in its metrics. `untrusted`: not its
 * producer's event by where it came from (see untrustedOrigin); dropped, never applied.
 * `paused`: held un-acked while a dependency is away.
 */
export type MessageOutcome = 'applied' | 'duplicate' | 'retry' | 'dead-lettered' | 'ignored' | 'untrusted' | 'paused';

type SpanOptions = { parent: Context; links: Link[]; attributes: Record<string, string | number> };

function producerLinks(msg: JsMsg): Link[] {
  const producer = trace.getSpanContext(extractTraceContext(msg.headers, ROOT_CONTEXT));
  return producer && isSpanContextValid(producer) ? [{ context: producer }] : [];
}

/**
 * A message processed on its own is a child of its publish span, so one trace shows the
 * request, its publish and every consumer that applied it (each delivery, retries included, as
 * a span of its own). The link says the same for backends that only follow links. A message
 * without trace headers starts a trace of its own.
 */
export function messageSpan(msg: JsMsg, durable: string): SpanOptions {
  return {
    parent: extractTraceContext(msg.headers, ROOT_CONTEXT),
    links: producerLinks(msg),
    attributes: { 'messaging.consumer.group.name': durable, 'messaging.message.delivery_count': msg.info.deliveryCount },
  };
}

/**
 * Messages applied together belong to many producers' traces: the span cannot be the child of
 * each, so it starts its own trace and links to every publish span.
 */
export function roundSpan(msgs: readonly JsMsg[], durable: string): SpanOptions {
  return {
    parent: ROOT_CONTEXT,
    links: msgs.flatMap(producerLinks),
    attributes: { 'messaging.consumer.group.name': durable, 'messaging.batch.message_count': msgs.length },
  };
}

export function recordFailure(span: Span, error: Error): void {
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}
