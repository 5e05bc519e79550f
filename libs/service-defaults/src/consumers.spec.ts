import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { z } from 'zod';
import { defineCommand, defineEvent, ingestionCommands } from '#libs/contracts';
import { buildEnvelope, onCommands, onEvent, type EventHandlerSet } from '#libs/messaging';
import { jest } from '@jest/globals';
import { bootService, eventually, withPgClient, type ServiceUnderTest } from '#libs/testing';
import { consumerTestApp } from './consumer-app.test-support.js';
import { checkCommandHandlers } from './consumers.js';

jest.setTimeout(30_000);

const noteAdded = defineEvent({
  subject: 'identity.evt.note.added.v1',
  description: 'test-only: a note was added',
  payload: z.object({ noteId: z.uuid(), text: z.string() }),
});

/** What the handlers saw, and a gate a test can close to keep one handler running. */
const seen: string[] = [];
let gate: Promise<void> = Promise.resolve();
let entered: () => void = () => undefined;

@Injectable()
class NoteHandlers implements EventHandlerSet {
  handlers() {
    return [
      onEvent(noteAdded, async (_em, event) => {
        entered();
        await gate;
        seen.push(event.payload.text);
      }),
    ];
  }
}

@Module({ providers: [NoteHandlers] })
class NotesModule {}

// A registered consumer name: the bus lets a service use only its registered durables.
const notesApp = consumerTestApp(NotesModule, 'roster', NoteHandlers);

async function publishNote(sut: ServiceUnderTest, text: string) {
  const noteId = randomUUID();
  const envelope = buildEnvelope(noteAdded, { aggregateId: noteId, aggregateVersion: 1, payload: { noteId, text } });
  await jetstream(sut.clientConnection).publish(noteAdded.subject, JSON.stringify(envelope), { msgID: envelope.id });
  return envelope;
}

/** Consumers that recorded `eventId` in the service's inbox. */
async function inboxConsumers(sut: ServiceUnderTest, eventId: string): Promise<string[]> {
  return withPgClient(sut.db.url, async (c) => {
    const { rows } = await c.query<{ consumer: string }>('select consumer from roster.inbox where event_id = $1', [eventId]);
    return rows.map((r) => r.consumer);
  });
}

describe('a service declaring consumers (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;

  beforeAll(async () => {
    // The producer (identity) is not running: startService creates its stream for the consumer.
    sut = await bootService(notesApp, { SHUTDOWN_TIMEOUT_MS: '5000' });
  });
  afterAll(async () => sut?.close());

  it('starts one durable consumer per producing stream and applies events through the inbox', async () => {
    const envelope = await publishNote(sut, 'hello');
    await eventually(() => seen.includes('hello'));
    const jsm = await jetstreamManager(sut.clientConnection);
    const info = await jsm.consumers.info('IDENTITY', 'roster__IDENTITY');
    expect(info.config.durable_name).toBe('roster__IDENTITY');
    // The handler ran; its inbox row commits right after.
    await eventually(async () => (await inboxConsumers(sut, envelope.id)).length === 1);
    expect(await inboxConsumers(sut, envelope.id)).toEqual(['roster__IDENTITY']);
  });

  it('reports its consumers in readiness', async () => {
    const ready = await fetch(`${sut.service.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'up', checks: { nats: 'up', database: 'up', consumers: 'up' } });
  });

  it('counts handled events and parked outbox rows in its Prometheus metrics', async () => {
    const text = await (await fetch(`${sut.service.url}/metrics`)).text();
    expect(text).toMatch(/events_processed_total\{subject="identity\.evt\.note\.added\.v1",outcome="applied",service="roster"\} [1-9]/);
    expect(text).toContain('# TYPE outbox_parked_total counter');
  });

  it('drains on shutdown: stops pulling, lets the running handler commit, acks it', async () => {
    let release!: () => void;
    gate = new Promise<void>((r) => (release = r));
    const inside = new Promise<void>((r) => (entered = r));
    const envelope = await publishNote(sut, 'in flight');
    await inside;

    let closed = false;
    const closing = sut.service.close().then(() => (closed = true));
    await eventually(async () => (await fetch(`${sut.service.url}/health/ready`).catch(() => undefined))?.status !== 200);
    expect(closed).toBe(false);
    release();
    await closing;

    expect(seen).toContain('in flight');
    expect(await inboxConsumers(sut, envelope.id)).toEqual(['roster__IDENTITY']);
    const jsm = await jetstreamManager(sut.clientConnection);
    const info = await jsm.consumers.info('IDENTITY', 'roster__IDENTITY');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
  });
});

describe('a service\'s command handlers against the registry', () => {
  const handlers = (subjects: string[]) => [onCommands(subjects.map((subject) => defineCommand({ subject, description: 'test-only', payload: z.object({}) })), async () => undefined)];
  const intake = Object.values(ingestionCommands).map((c) => c.subject);

  it('takes exactly the commands the registry sends to the service', () => {
    expect(() => checkCommandHandlers('metrics-ingestion', handlers(intake))).not.toThrow();
    expect(() => checkCommandHandlers('roster', undefined)).not.toThrow();
  });

  it('refuses a service with registered commands and no `commands`, a missing handler, and a handler for an unregistered command', () => {
    expect(() => checkCommandHandlers('metrics-ingestion', undefined)).toThrow(/declares no `commands`: nothing would read its intake/);
    expect(() => checkCommandHandlers('metrics-ingestion', handlers(intake.slice(1)))).toThrow(new RegExp(`miss ${intake[0]!.replace(/\./g, '\\.')}`));
    expect(() => checkCommandHandlers('metrics-ingestion', handlers([...intake, 'metrics-ingestion.cmd.unknown.v1']))).toThrow(/take metrics-ingestion\.cmd\.unknown\.v1, which no registered/);
  });
});
