import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { sessionEvents } from '#libs/contracts';
import { buildEnvelope, ensureStreams } from '#libs/messaging';
import { createLogger } from '#libs/observability';
import { eventually, startNatsServer, type NatsServerHandle } from '#libs/testing';
import { RevokedSessions } from './revoked-sessions.js';
import { SessionEventsListener } from './session-events.listener.js';
import type { AuthConfig } from './auth.config.js';

const config = { AUTH_SESSION_REVOCATION_RETAIN_MS: 3_600_000 } as AuthConfig;


describe('SessionEventsListener (real JetStream)', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await nats.connect();
    await ensureStreams(await jetstreamManager(nc), ['identity']);
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  const publish = (sessionIds: string[]) => {
    const envelope = buildEnvelope(sessionEvents.revoked, {
      aggregateId: randomUUID(),
      aggregateVersion: 0,
      payload: { userId: randomUUID(), sessionIds, reason: 'logout', at: new Date().toISOString() },
    });
    return jetstream(nc).publish(sessionEvents.revoked.subject, JSON.stringify(envelope), { msgID: envelope.id });
  };

  it('learns sessions revoked before this gateway started, and new ones as they come', async () => {
    const before = randomUUID();
    await publish([before]);

    const sessions = new RevokedSessions(config.AUTH_SESSION_REVOCATION_RETAIN_MS);
    const listener = new SessionEventsListener(nc, sessions, config, createLogger('gateway', 'silent'));
    listener.onModuleInit();
    try {
      // Caught up means: every revocation already on the stream is known, without polling.
      await expect(listener.whenCaughtUp(5_000)).resolves.toBe(true);
      expect(sessions.isRevoked(before)).toBe(true);
      const after = randomUUID();
      await publish([after]);
      await eventually(() => sessions.isRevoked(after));
      expect(sessions.isRevoked(randomUUID())).toBe(false);
    } finally {
      await listener.onApplicationShutdown();
    }
  });

  it('refuses while its feed is down, and reopens from the last sequence it saw without missing what came meanwhile', async () => {
    const sessions = new RevokedSessions(config.AUTH_SESSION_REVOCATION_RETAIN_MS);
    const listener = new SessionEventsListener(nc, sessions, config, createLogger('gateway', 'silent'));
    listener.onModuleInit();
    const applied: string[][] = [];
    const revoke = sessions.revoke.bind(sessions);
    sessions.revoke = (ids, at) => (applied.push([...ids]), revoke(ids, at));
    try {
      await expect(listener.whenCaughtUp(5_000)).resolves.toBe(true);
      const replayed = applied.length;
      // The consumer goes away (as when a server restarts): the gate closes at once.
      const feed = (listener as unknown as { feed: { messages?: { close(): Promise<void> } } }).feed;
      await feed.messages!.close();
      await eventually(() => !listener.isLive());
      await expect(listener.whenCaughtUp(50)).resolves.toBe(false);
      const missed = randomUUID();
      await publish([missed]);
      // Reopened after the last sequence: the revocation published meanwhile arrives, nothing is replayed twice.
      await eventually(() => listener.isLive(), 10_000);
      expect(sessions.isRevoked(missed)).toBe(true);
      expect(applied.slice(replayed)).toEqual([[missed]]);
    } finally {
      await listener.onApplicationShutdown();
    }
  });

  it('after missed heartbeats, catches up again when heartbeats return on the same consumer (a cluster node lost)', async () => {
    const listener = new SessionEventsListener(nc, new RevokedSessions(60_000), config, createLogger('gateway', 'silent'));
    listener.onModuleInit();
    try {
      await expect(listener.whenCaughtUp(5_000)).resolves.toBe(true);
      // What the client reports while the consumer's leader moves: heartbeats missed, then
      // heartbeats again, with no message and no new consumer in between.
      const feed = (listener as unknown as { feed: { messages?: { notify(n: unknown): void } } }).feed;
      feed.messages!.notify({ type: 'heartbeats_missed', count: 2 });
      await eventually(() => !listener.isLive());
      feed.messages!.notify({ type: 'heartbeat', lastConsumerSequence: 0, lastStreamSequence: 0 });
      await eventually(() => listener.isLive(), 5_000);
    } finally {
      await listener.onApplicationShutdown();
    }
  });

  it('is not caught up while identity has no stream yet, so tokens wait instead of skipping revocations', async () => {
    const bare = await startNatsServer({ provision: false });
    const bareConnection = await bare.connect('gateway');
    const listener = new SessionEventsListener(bareConnection, new RevokedSessions(60_000), config, createLogger('gateway', 'silent'));
    listener.onModuleInit();
    try {
      await expect(listener.whenCaughtUp(300)).resolves.toBe(false);
    } finally {
      await listener.onApplicationShutdown();
      await bareConnection.close();
      await bare.stop();
    }
  });
});
