import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { EventConsumer } from '../inbox/event-consumer.js';
import { onEvent } from '../inbox/event-handler.js';
import { enqueueEvent } from '../outbox/outbox.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { buildEnvelope } from './envelope.js';
import { eventually, installTestTracing, startMessagingEnv, Widget, widgetCreated, type MessagingEnv } from '../messaging.test-support.js';

jest.setTimeout(30_000);

let env: MessagingEnv;
let tracing: ReturnType<typeof installTestTracing>;
let relay: OutboxRelay;
let consumer: EventConsumer;
const handled: string[] = [];

const PROCESS = `${widgetCreated.subject} process`;
const PUBLISH = `${widgetCreated.subject} publish`;
const spansNamed = (name: string) => tracing.exporter.getFinishedSpans().filter((s) => s.name === name);
const idOf = (s: ReadableSpan) => s.attributes['messaging.message.id'];

beforeAll(async () => {
  tracing = installTestTracing();
  env = await startMessagingEnv();
  relay = new OutboxRelay({ orm: env.orm, nc: env.nc, pollIntervalMs: 20 });
  consumer = new EventConsumer({
    consumer: 'tracing',
    nc: env.nc,
    orm: env.orm,
    handlers: [
      onEvent(widgetCreated, async (_em, event) => {
        handled.push(event.id);
      }),
    ],
  });
  relay.start();
  await consumer.start();
});

afterAll(async () => {
  await consumer?.stop();
  await relay?.stop();
  await env?.close();
  await tracing?.uninstall();
});

describe('trace context across the outbox and JetStream', () => {
  it('publishes under the trace that raised the event, and the process span is a child of the publish span', async () => {
    const tracer = trace.getTracer('test');
    const { envelope, request } = await tracer.startActiveSpan('POST /widgets', async (span) => {
      const envelope = await env.orm.em.fork().transactional(async (em) => {
        const widget = em.create(Widget, { id: randomUUID(), name: 'traced' });
        return enqueueEvent(em, widgetCreated, {
          aggregateId: widget.id,
          aggregateVersion: 1,
          payload: { widgetId: widget.id, name: widget.name },
        });
      });
      span.end();
      return { envelope, request: span.spanContext() };
    });
    relay.notify();

    const process = await eventually(() => spansNamed(PROCESS).find((s) => idOf(s) === envelope.id));
    const publish = spansNamed(PUBLISH).find((s) => idOf(s) === envelope.id)!;

    // The relay runs later, in its own loop, yet its span continues the request's trace.
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(publish.spanContext().traceId).toBe(request.traceId);
    expect(publish.parentSpanContext?.spanId).toBe(request.spanId);

    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(process.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(process.links.map((l) => [l.context.traceId, l.context.spanId])).toEqual([
      [publish.spanContext().traceId, publish.spanContext().spanId],
    ]);
    // One trace from the request to the consumer: the process span is the publish span's child.
    expect(process.spanContext().traceId).toBe(request.traceId);
    expect(process.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(handled).toContain(envelope.id);
  });

  it('processes a message without trace headers in an unlinked span', async () => {
    const widgetId = randomUUID();
    const envelope = buildEnvelope(widgetCreated, { aggregateId: widgetId, aggregateVersion: 1, payload: { widgetId, name: 'bare' } });
    await jetstream(env.nc).publish(widgetCreated.subject, JSON.stringify(envelope), { msgID: envelope.id });

    const process = await eventually(() => spansNamed(PROCESS).find((s) => idOf(s) === envelope.id));
    expect(process.links).toEqual([]);
    expect(process.parentSpanContext).toBeUndefined();
    expect(handled).toContain(envelope.id);
  });
});
