import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { grantEvents, type GrantFacts, type Principal } from '#libs/contracts';
import { buildEnvelope, ensureStreams } from '#libs/messaging';
import { createLogger } from '#libs/observability';
import { eventually, startNatsServer, type NatsServerHandle } from '#libs/testing';
import { GrantCacheCore, type GrantCache } from './grant-cache.js';
import { GrantEventsListener } from './grant-events.listener.js';

const agencyId = randomUUID();
const principal: Principal = { userId: randomUUID(), kind: 'manager', orgId: agencyId, orgKind: 'agency', role: 'owner' };

describe('GrantEventsListener (real JetStream)', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    await ensureStreams(await jetstreamManager(nc), ['identity']);
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('does not cache an "allowed" fetched while its feed reopened, and resumes after the last event it saw', async () => {
    const creatorId = randomUUID();
    const active: GrantFacts = { id: randomUUID(), agencyId, creatorId, status: 'active', scopes: ['metrics:read'], expiresAt: null };
    let release!: () => void;
    let held: Promise<void> | undefined;
    const cache = new GrantCacheCore(async () => {
      await held;
      return active;
    }, 60_000);
    const listener = new GrantEventsListener(nc, cache as GrantCache, createLogger('gateway', 'silent'));
    listener.onModuleInit();
    try {
      await eventually(() => cache.isLive(), 5_000);
      held = new Promise((r) => (release = r));
      const lookup = cache.lookup(principal, creatorId); // identity answers "active"… slowly

      // Meanwhile the feed drops and reopens; a revocation published in between reaches the
      // reopened feed (it resumes after the last sequence it saw), not the lookup in flight.
      const feed = (listener as unknown as { feed: { messages?: { close(): Promise<void> } } }).feed;
      await feed.messages!.close();
      await eventually(() => !cache.isLive());
      const revoked = buildEnvelope(grantEvents.revoked, {
        aggregateId: active.id,
        aggregateVersion: 3,
        payload: { grantId: active.id, agencyId, creatorId, status: 'revoked', scopes: ['metrics:read'], expiresAt: null, actorUserId: principal.userId, at: new Date().toISOString() },
      });
      await jetstream(nc).publish(grantEvents.revoked.subject, JSON.stringify(revoked), { msgID: revoked.id });
      await eventually(() => cache.isLive() && listener.applied === 1, 10_000);

      release();
      await expect(lookup).resolves.toEqual(active); // used once by the request that asked…
      expect(cache.peek(agencyId, creatorId)).toBeUndefined(); // …but the stale "allowed" is not cached
    } finally {
      release?.();
      await listener.onApplicationShutdown();
    }
  }, 30_000);
});
