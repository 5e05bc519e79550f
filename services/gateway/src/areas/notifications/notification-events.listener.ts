import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DeliverPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { notificationEvents, streamOf, type NotificationCreatedPayload } from '#libs/contracts';
import { decodeEvent, EventFeed } from '#libs/messaging';
import { LOGGER, NATS_CONNECTION } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';

type Listener = (n: NotificationCreatedPayload) => void;

/**
 * Follows `notifications.evt.notification.created.v1` from now on (an ordered consumer: every
 * gateway replica sees every event, and a live stream only needs what happens while it is open)
 * and hands each one to the open streams of the user it is for, and to nobody else.
 */
@Injectable()
export class NotificationEventsListener implements OnModuleInit, OnApplicationShutdown {
  private readonly feed: EventFeed;
  private readonly byUser = new Map<string, Set<Listener>>();

  constructor(@Inject(NATS_CONNECTION) nc: NatsConnection, @Inject(LOGGER) private readonly logger: Logger) {
    this.feed = new EventFeed(
      nc,
      streamOf('notifications'),
      () => ({ filter_subjects: notificationEvents.created.subject, deliver_policy: DeliverPolicy.New }),
      { message: (msg) => this.dispatch(msg.data) },
      logger,
      'notification events',
    );
  }

  onModuleInit() {
    this.feed.start();
  }

  /** Calls `listener` for each new notification of `userId` until the returned function is called. */
  subscribe(userId: string, listener: Listener): () => void {
    const set = this.byUser.get(userId) ?? new Set<Listener>();
    set.add(listener);
    this.byUser.set(userId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byUser.delete(userId);
    };
  }

  private dispatch(data: Uint8Array) {
    const decoded = decodeEvent(notificationEvents.created, data);
    if (!decoded.ok) {
      this.logger.warn({ reason: decoded.reason }, 'unreadable notification event ignored');
      return;
    }
    const payload = decoded.envelope.payload;
    for (const listener of this.byUser.get(payload.userId) ?? []) listener(payload);
  }

  async onApplicationShutdown() {
    await this.feed.stop();
  }
}
