import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DeliverPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { sessionEvents, streamOf } from '#libs/contracts';
import { decodeEvent } from '#libs/messaging';
import { LOGGER, NATS_CONNECTION, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import { RevokedSessions } from './revoked-sessions.js';
import type { AuthConfig } from './auth.config.js';
import { EventFeed } from './event-feed.js';

/**
 * Follows `identity.evt.session.revoked.v1` through an ordered consumer that starts one
 * retention window back, so a gateway that starts (or restarts) still knows every session
 * ended while tokens of it may be alive. Applying an event twice is harmless.
 */
@Injectable()
export class SessionEventsListener implements OnModuleInit, OnApplicationShutdown {
  private readonly feed: EventFeed;
  private markCaughtUp!: () => void;
  /** Resolves once every revocation already on the stream has been applied (or on stop). */
  private readonly caughtUp = new Promise<void>((resolve) => (this.markCaughtUp = resolve));

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(RevokedSessions) private readonly sessions: RevokedSessions,
    @Inject(SERVICE_CONFIG) config: AuthConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.feed = new EventFeed(
      nc,
      streamOf('identity'),
      () => ({
        filter_subjects: sessionEvents.revoked.subject,
        deliver_policy: DeliverPolicy.StartTime,
        opt_start_time: new Date(Date.now() - config.AUTH_SESSION_REVOCATION_RETAIN_MS).toISOString(),
      }),
      {
        opened: async (consumer) => {
          if ((await consumer.info(true)).num_pending === 0) this.markCaughtUp();
        },
        message: (msg) => {
          this.apply(msg.data);
          if (msg.info.pending === 0) this.markCaughtUp();
        },
      },
      logger,
      'session revocations',
    );
  }

  onModuleInit() {
    this.feed.start();
  }

  private apply(data: Uint8Array) {
    const decoded = decodeEvent(sessionEvents.revoked, data);
    if (!decoded.ok) {
      this.logger.warn({ reason: decoded.reason }, 'unreadable session event ignored');
      return;
    }
    const { sessionIds, at } = decoded.envelope.payload;
    this.sessions.revoke(sessionIds, Date.parse(at));
  }

  /**
   * Waits (bounded) until replayed revocations are applied, so a gateway that just started
   * cannot accept a token whose session ended before it came up. True when caught up.
   */
  whenCaughtUp(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      this.caughtUp.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
  }

  async onApplicationShutdown() {
    this.markCaughtUp();
    await this.feed.stop();
  }
}
