// Shared by this library's integration specs (not exported): a private Postgres database and
// NATS server per spec file, the tables the specs use, and polling helpers.
import { defineEntity, p } from '@mikro-orm/core';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { jetstreamManager, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { z } from 'zod';
import { defineEvent } from '#libs/contracts';
import { createTestDatabase, startNatsServer, type NatsServerHandle, type NatsServerOptions, type TestDatabase } from '#libs/testing';
import { MESSAGING_ENTITIES } from './events/entities.js';
import { ensureStreams } from './events/streams.js';
// Installs the fix for connections leaked by a failed BEGIN, as services get it through openServiceOrm.
import '#libs/persistence';

export const widgetCreated = defineEvent({
  subject: 'identity.evt.widget.created.v1',
  description: 'A widget was created (test contract).',
  payload: z.object({ widgetId: z.uuid(), name: z.string().min(1) }),
});

export const widgetRenamed = defineEvent({
  subject: 'identity.evt.widget.renamed.v1',
  description: 'A widget was renamed (test contract).',
  payload: z.object({ widgetId: z.uuid(), name: z.string().min(1) }),
});

/** Producer-side state: the change an event describes. */
const WidgetSchema = defineEntity({
  name: 'Widget',
  tableName: 'widget',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
  },
});
export class Widget extends WidgetSchema.class {}
WidgetSchema.setClass(Widget);

/** Consumer-side effect: one row per handler run, so a double application is visible. */
const WidgetEffectSchema = defineEntity({
  name: 'WidgetEffect',
  tableName: 'widget_effect',
  properties: {
    id: p.integer().primary().autoincrement(),
    eventId: p.uuid(),
    name: p.text(),
  },
});
export class WidgetEffect extends WidgetEffectSchema.class {}
WidgetEffectSchema.setClass(WidgetEffect);

export const TEST_SCHEMA = 'app';

export interface MessagingEnv {
  db: TestDatabase;
  nats: NatsServerHandle;
  orm: MikroORM;
  nc: NatsConnection;
  jsm: JetStreamManager;
  close(): Promise<void>;
}

export async function startMessagingEnv(opts: { nats?: NatsServerOptions } = {}): Promise<MessagingEnv> {
  const [db, nats] = await Promise.all([createTestDatabase(), startNatsServer({ provision: false, ...opts.nats })]);
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: db.url,
    schema: TEST_SCHEMA,
    entities: [...MESSAGING_ENTITIES, Widget, WidgetEffect],
    pool: { min: 0, max: 10 },
  });
  await orm.schema.create();
  // Quick reconnects so an outage test resumes as soon as the server is back.
  const nc = await nats.connect('admin', { maxReconnectAttempts: -1, reconnectTimeWait: 50 });
  const jsm = await jetstreamManager(nc);
  // Only identity's stream: the library's tests run as the administrator and set up what each needs.
  await ensureStreams(jsm, ['identity']);
  return {
    db,
    nats,
    orm,
    nc,
    jsm,
    async close() {
      await nc.close();
      await orm.close(true);
      await nats.stop();
      await db.drop();
    },
  };
}

export function installTestTracing(): { exporter: InMemorySpanExporter; uninstall(): Promise<void> } {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    exporter,
    async uninstall() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/** Every message currently stored in `stream`, oldest first. */
export async function readStream(jsm: JetStreamManager, stream: string): Promise<StoredMsg[]> {
  const info = await jsm.streams.info(stream);
  const out: StoredMsg[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const msg = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (msg) out.push(msg);
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { eventually } from '#libs/testing';
