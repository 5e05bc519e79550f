import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { deadLetterSubject } from '../events/streams.js';

/** Headers a dead letter carries next to the original body and headers. */
export const DLQ_HEADERS = {
  reason: 'tp-dlq-reason',
  subject: 'tp-dlq-subject',
  stream: 'tp-dlq-stream',
  sequence: 'tp-dlq-sequence',
  deliveries: 'tp-dlq-deliveries',
  consumer: 'tp-dlq-consumer',
  at: 'tp-dlq-at',
} as const;

/** Header values are single protocol lines: no CR/LF, and bounded (ASCII ellipsis on cut). */
export function headerSafe(value: string, max = 1024): string {
  const flat = value.replace(/[\r\n]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/**
 * Parks `msg` on `dlq.<stream>.<consumer>` with the reason, unchanged otherwise, so it can be
 * inspected and replayed. Resolves only once JetStream stored it (the caller may then `term()`).
 */
export async function publishDeadLetter(
  js: JetStreamClient,
  msg: JsMsg,
  target: { stream: string; consumer: string },
  reason: string,
): Promise<void> {
  const hdrs = headers();
  for (const [key, values] of msg.headers ?? []) {
    // Nats-* headers steer the server (dedup id, expectations); the original's would misfire here.
    if (key.toLowerCase().startsWith('nats-')) continue;
    for (const value of values) hdrs.append(key, value);
  }
  hdrs.set(DLQ_HEADERS.reason, headerSafe(reason));
  hdrs.set(DLQ_HEADERS.subject, msg.subject);
  hdrs.set(DLQ_HEADERS.stream, msg.info.stream);
  hdrs.set(DLQ_HEADERS.sequence, String(msg.seq));
  hdrs.set(DLQ_HEADERS.deliveries, String(msg.info.deliveryCount));
  hdrs.set(DLQ_HEADERS.consumer, target.consumer);
  hdrs.set(DLQ_HEADERS.at, new Date().toISOString());
  await js.publish(deadLetterSubject(target.stream, target.consumer), msg.data, {
    // Retrying a dead-lettering that lost its PubAck must not park the message twice.
    msgID: `${target.consumer}:${msg.info.stream}:${msg.seq}`,
    headers: hdrs,
  });
}
