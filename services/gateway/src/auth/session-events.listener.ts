import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DeliverPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { sessionEvents, streamOf } from '#libs/contracts';
import { decodeEvent, EventFeed } from '#libs/messaging';
import { LOGGER, NATS_CONNECTION, Readiness, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import { RevokedSessions } from './revoked-sessions.js';
import type { AuthConfig } from './auth.config.js';

/**
 * Follows `identity.evt.session.revoked.v1` through an ordered consumer that starts one
 * retention window back, so a gateway that starts (or restarts) still knows every session
 * ended while tokens of it may be alive; a reopen resumes after the last sequence seen.
 * Applying an event twice is harmless.
 *
 * The verifier may accept a token only while this feed is live and has delivered everything
 * that was on the stream when it (re)opened — the same gate as the grant cache, but with no
 * fallback to ask, so otherwise it refuses (503). Gateway readiness reports the same state.
 */
@Injectable()
export class SessionEventsListener implements OnModuleInit, OnApplicationShutdown {
  private readonly feed: EventFeed;
  private markCaughtUp!: () => void;
  /** Resolves once every revocation already on the stream has been applied (or on stop). */
  private readonly caughtUp = new Promise<void>((resolve) => (this.markCaughtUp = resolve));
  /** Everything pending when the feed last opened has been applied. */
  private current = false;
  private stopped = false;

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(RevokedSessions) private readonly sessions: RevokedSessions,
    @Inject(SERVICE_CONFIG) config: AuthConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(Readiness) readiness?: Readiness,
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
          this.current = false;
          // A fresh look, not the cached info: after a reconnect or a recreated consumer the
          // server may have nothing to deliver, and only its count says this gateway caught up.
          if ((await consumer.info(false)).num_pending === 0) this.markCurrent();
        },
        message: (msg) => {
          this.apply(msg.data);
          if (msg.info.pending === 0) this.markCurrent();
        },
        live: (live) => {
          if (!live) this.current = false;
        },
      },
      logger,
      'session revocations',
    );
    readiness?.addCheck('session-revocations', () => (this.isLive() ? 'up' : 'down'));
  }

  onModuleInit() {
    this.feed.start();
  }

  private markCurrent() {
    this.current = true;
    this.markCaughtUp();
  }

  /** Every revocation published so far is known here (as far as a live feed can tell). */
  isLive(): boolean {
    return !this.stopped && this.current && this.feed.live();
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
   * Waits (bounded) until the feed is live and current, so a gateway that just started (or
   * whose feed just reopened) cannot accept a token whose session ended meanwhile. True when
   * it is; only the first requests after start wait the full time.
   */
  async whenCaughtUp(timeoutMs: number): Promise<boolean> {
    if (this.isLive()) return true;
    if (this.stopped) return false;
    let timer: NodeJS.Timeout | undefined;
    const started = await Promise.race([
      this.caughtUp.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
    return started && this.isLive();
  }

  async onApplicationShutdown() {
    this.stopped = true;
    this.markCaughtUp();
    await this.feed.stop();
  }
}
