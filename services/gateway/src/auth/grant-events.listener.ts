import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { contractFor, grantEvents, streamOf, type EventContract } from '#libs/contracts';
import { decodeEvent } from '#libs/messaging';
import { LOGGER, NATS_CONNECTION } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import { GrantCache } from './grant-cache.js';
import { EventFeed } from './event-feed.js';

const GRANT_SUBJECTS = 'identity.evt.grant.>';
/** Notifications after which events may have been missed or the feed is down. */
const GAP = new Set(['heartbeats_missed', 'consumer_not_found', 'stream_not_found', 'consumer_deleted', 'no_responders']);
const KNOWN = new Set<string>(Object.values(grantEvents).map((c) => c.subject));

/**
 * Every gateway instance follows identity's grant events through its own ephemeral ordered
 * consumer (new messages only: its cache starts empty) and drops the affected pair from its
 * grant cache. A cache invalidation needs no inbox: replaying one is harmless. While the feed
 * is down or may have a gap, the cache is emptied and bypassed.
 */
@Injectable()
export class GrantEventsListener implements OnModuleInit, OnApplicationShutdown {
  private started = false;
  private readonly feed: EventFeed;
  private messages?: ConsumerMessages;
  /** Events applied (tests, diagnostics). */
  applied = 0;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(GrantCache) private readonly cache: GrantCache,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.feed = new EventFeed(
      nc,
      streamOf('identity'),
      () => ({ filter_subjects: GRANT_SUBJECTS, deliver_policy: DeliverPolicy.New }),
      {
        opened: (_consumer, messages) => {
          this.messages = messages;
          void this.watchStatus(messages);
          this.cache.setLive(true);
          this.logger.debug('following grant events');
        },
        message: (msg) => {
          this.apply(msg.subject, msg.data);
          if (!this.cache.isLive() && !this.nc.isClosed()) this.cache.setLive(true);
        },
        closed: () => {
          this.messages = undefined;
          this.cache.setLive(false);
        },
      },
      logger,
      'grant events',
    );
  }

  onModuleInit() {
    if (this.started) return;
    this.started = true;
    this.feed.start();
    void this.watchConnection();
  }

  private async watchConnection() {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.cache.setLive(false);
      if (status.type === 'reconnect' && this.messages) this.cache.setLive(true);
    }
  }

  private async watchStatus(messages: ConsumerMessages) {
    try {
      for await (const s of messages.status()) {
        if (GAP.has(s.type)) this.cache.setLive(false);
        else if (s.type === 'ordered_consumer_recreated' || s.type === 'reset') this.cache.clear();
        else if (s.type === 'heartbeat' && !this.cache.isLive()) this.cache.setLive(true);
      }
    } catch {
      // the iterator ends with the consumer
    }
  }

  private apply(subject: string, data: Uint8Array) {
    const contract = KNOWN.has(subject) ? (contractFor(subject) as EventContract) : undefined;
    if (!contract) {
      // A grant event this gateway does not know yet (a newer version): be safe, forget all.
      this.cache.clear();
      return;
    }
    const decoded = decodeEvent(contract, data);
    if (!decoded.ok) {
      this.logger.warn({ subject, reason: decoded.reason }, 'unreadable grant event; grant cache cleared');
      this.cache.clear();
      return;
    }
    const payload = decoded.envelope.payload as { agencyId: string; creatorId: string };
    this.cache.invalidate(payload.agencyId, payload.creatorId);
    this.applied++;
  }

  async onApplicationShutdown() {
    this.cache.setLive(false);
    await this.feed.stop();
  }
}
