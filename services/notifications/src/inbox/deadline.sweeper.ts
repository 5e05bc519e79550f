import { Inject, Injectable } from '@nestjs/common';
import { drainInBatches, LOGGER, PeriodicTask, SERVICE_CONFIG, UnitOfWork } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { NotificationsConfig } from '../notifications.config.js';
import { deadlineNotice } from './notice.rules.js';
import { deliver } from './notification.store.js';
import { dueDeadlines, markDeadlineSent, offerNamesOf } from './offer.projection.js';

const BATCH = 100;

/**
 * Reminds people of deadlines ahead of time (respond-by 48 h, deemed approval 72 h before).
 * Every replica sweeps: SKIP LOCKED gives each due deadline to one of them, and the
 * notification's unique key would absorb a second delivery anyway. A reminder whose moment
 * has already passed (the service was down) is dropped: the event that time decided follows.
 */
@Injectable()
export class DeadlineSweeper extends PeriodicTask {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork, @Inject(SERVICE_CONFIG) config: NotificationsConfig, @Inject(LOGGER) logger: Logger) {
    super('deadline reminder sweep', config.DEADLINE_SWEEP_MS, (active) => drainInBatches(() => this.step(new Date()), BATCH, active).then(() => undefined), logger);
  }

  /** One sweep as of `now` (tests pass their own clock); returns how many reminders it settled. */
  sweep(now: Date): Promise<number> {
    return drainInBatches(() => this.step(now), BATCH, () => true);
  }

  private step(now: Date): Promise<number> {
    return this.uow.run(async (em) => {
      const due = await dueDeadlines(em, now, BATCH);
      for (const d of due) {
        if (d.dueAt > now) await deliver(em, deadlineNotice(d, await offerNamesOf(em, d.offerId), now), now);
        await markDeadlineSent(em, d.id, now);
      }
      return due.length;
    });
  }
}
