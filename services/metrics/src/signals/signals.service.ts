import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CreatorSignals, Principal, Signal } from '#libs/contracts';
import { SERVICE_CONFIG, UnitOfWork } from '#libs/service-defaults';
import { assertMayRead } from '../access/metrics-access.js';
import type { MetricsConfig } from '../metrics.config.js';
import { DEFAULT_ANOMALY_THRESHOLDS, type AnomalyThresholds } from './anomaly.rules.js';
import type { Read } from '#libs/persistence';
import { readSignals, signalsRead } from './signals.reader.js';

/**
 * Anomaly signals of creators, for whoever may read their metrics: on their own, on the
 * `last30v` KPIs (the card) and on discovery rows. Flags only: no read filters or orders by them.
 */
@Injectable()
export class SignalsService {
  private readonly thresholds: AnomalyThresholds;

  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(SERVICE_CONFIG) config: MetricsConfig,
  ) {
    this.thresholds = {
      ...DEFAULT_ANOMALY_THRESHOLDS,
      jumpDeviations: config.SIGNAL_JUMP_DEVIATIONS,
      minHistoryDays: config.SIGNAL_MIN_HISTORY_DAYS,
      minJumpFollowers: config.SIGNAL_MIN_JUMP_FOLLOWERS,
      engagementFactor: config.SIGNAL_ENGAGEMENT_FACTOR,
      viewsFactor: config.SIGNAL_VIEWS_FACTOR,
    };
  }

  async get(principal: Principal, creatorId: string): Promise<CreatorSignals> {
    const em = this.uow.reader();
    await assertMayRead(em, principal, creatorId);
    return { creatorId, signals: (await this.of(em, [creatorId])).get(creatorId)! };
  }

  /** Signals of creators the caller was already allowed to read. */
  of(em: EntityManager, creatorIds: readonly string[]): Promise<Map<string, Signal[]>> {
    return readSignals(em, creatorIds, this.thresholds, new Date());
  }

  /** The same as a read to run with others (readTogether). */
  read(creatorIds: readonly string[], now: Date): Read<Map<string, Signal[]>> {
    return signalsRead(creatorIds, this.thresholds, now);
  }
}
