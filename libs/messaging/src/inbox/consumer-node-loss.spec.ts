import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createTestDatabase, eventually, startNatsCluster, type NatsCluster, type TestDatabase } from '#libs/testing';
import { buildEnvelope } from '../events/envelope.js';
import { MESSAGING_ENTITIES } from '../events/entities.js';
import { TEST_SCHEMA, Widget, WidgetEffect, widgetCreated } from '../messaging.test-support.js';
import { EventConsumer } from './event-consumer.js';
import { onEvent } from './event-handler.js';

/**
 * A durable consumer on a three-node cluster whose leader is SIGKILLed while the service's own
 * connection stays up (it is on another node): the pull it had waiting at the lost leader is
 * gone, and only the client's heartbeat watch brings it back. It must pull again within
 * seconds, not after the client's default half-minute pull and the wait that follows it.
 */
jest.setTimeout(120_000);

let cluster: NatsCluster;
let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  [cluster, db] = await Promise.all([startNatsCluster(3), createTestDatabase()]);
  orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: db.url, schema: TEST_SCHEMA, entities: [...MESSAGING_ENTITIES, Widget, WidgetEffect], pool: { min: 0, max: 4 } });
  await orm.schema.create();
}, 120_000);

afterAll(async () => {
  await orm?.close(true);
  await Promise.all([cluster?.stop(), db?.drop()]);
});

const newEvent = () => {
  const widgetId = randomUUID();
  return buildEnvelope(widgetCreated, { aggregateId: widgetId, aggregateVersion: 1, payload: { widgetId, name: 'w' } });
};
const applied = (eventId: string) => orm.em.fork().count(WidgetEffect, { eventId });

it('pulls again within seconds after the node leading its durable is lost', async () => {
  const nc = await cluster.connect();
  const jsm = await jetstreamManager(nc);
  const consumer = new EventConsumer({
    consumer: 'nodeloss',
    nc,
    orm,
    handlers: [
      onEvent(widgetCreated, async (em, event) => {
        em.persist(em.create(WidgetEffect, { eventId: event.id, name: event.payload.name }));
      }),
    ],
  });
  await consumer.start();
  // Until the stream has a leader again after the loss, as the outbox relay retries.
  const publish = async (event: ReturnType<typeof newEvent>) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await jetstream(nc).publish(widgetCreated.subject, JSON.stringify(event), { msgID: event.id, timeout: 1_000 });
      } catch (err) {
        if (attempt > 60) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  try {
    const first = newEvent();
    await publish(first);
    await eventually(async () => (await applied(first.id)) === 1, 10_000);

    // The durable's leader must not be the node this connection is on (losing that one is a
    // reconnect, after which the client asks again at once): move it until it is elsewhere.
    const connectedTo = nc.info?.server_name;
    const leaderNow = async () => (await jsm.consumers.info(consumer.stream, consumer.durableName)).cluster?.leader;
    for (let i = 0; i < 10 && (await leaderNow()) === connectedTo; i++) {
      await nc.request(`$JS.API.CONSUMER.LEADER.STEPDOWN.${consumer.stream}.${consumer.durableName}`, undefined, { timeout: 5_000 });
      await new Promise((r) => setTimeout(r, 500));
    }
    const leader = await leaderNow();
    expect(leader).not.toBe(connectedTo);
    await cluster.nodes.find((n) => n.name === leader)!.kill();

    const second = newEvent();
    await publish(second);
    const since = Date.now();
    await eventually(async () => (await applied(second.id)) === 1, 90_000);
    // Two missed heartbeats of a 5 s pull and a 5 s wait, with room for a loaded machine; with
    // the client's 30 s pulls the first missed-heartbeat notice alone came after 30 s.
    expect(Date.now() - since).toBeLessThan(25_000);
  } finally {
    await consumer.stop();
    await nc.close();
  }
});
