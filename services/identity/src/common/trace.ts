import { context, isSpanContextValid, trace } from '@opentelemetry/api';

/** The trace this handler runs in (continued from the gateway's request), for the audit log. */
export function currentTraceId(): string | null {
  const span = trace.getSpanContext(context.active());
  return span && isSpanContextValid(span) ? span.traceId : null;
}
