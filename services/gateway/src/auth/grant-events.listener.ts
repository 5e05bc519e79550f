import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DeliverPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { contractFor, grantEvents, streamOf, type EventContract } from '#libs/contracts';
import { decodeEvent, EventFeed } from '#libs/messaging';
import { LOGGER, NATS_CONNECTION } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import { GrantCache } from './grant-cache.js';

const GRANT_SUBJECTS = 'identity.evt.grant.>';
const KNOWN = new Set<string>(Object.values(grantEvents).map((c) => c.subject));

/**
 * Every gateway instance follows identity's grant events through its own ephemeral ordered
 * consumer (new messages only: its cache starts empty; a reopen resumes after the last
 * sequence seen) and drops the affected pair from its grant cache. A cache invalidation
 * needs no inbox: replaying one is harmless. While the feed is down or may have a gap, the
 * cache is emptied and bypassed, and every change of liveness starts a new cache generation,
 * so an answer fetched before the feed (re)opened is never stored.
 */
@Injectable()
export class GrantEventsListener implements OnModuleInit, OnApplicationShutdown {
  private started = false;
  private readonly feed: EventFeed;
  /** Events applied (tests, diagnostics). */
  applied = 0;

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(GrantCache) private readonly cache: GrantCache,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.feed = new EventFeed(
      nc,
      streamOf('identity'),
      () => ({ filter_subjects: GRANT_SUBJECTS, deliver_policy: DeliverPolicy.New }),
      {
        message: (msg) => this.apply(msg.subject, msg.data),
        live: (live) => {
          this.cache.setLive(live);
          if (live) this.logger.debug('following grant events');
        },
        reset: () => this.cache.clear(),
      },
      logger,
      'grant events',
    );
  }

  onModuleInit() {
    if (this.started) return;
    this.started = true;
    this.feed.start();
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
