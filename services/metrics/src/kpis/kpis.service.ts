import { Inject, Injectable } from '@nestjs/common';
import type { Audience, CreatorKpis, KpiWindow, Principal } from '#libs/contracts';
import { combineReads, readApart, readTogether, type Read } from '#libs/persistence';
import { UnitOfWork } from '#libs/service-defaults';
import { assertMayRead } from '../access/metrics-access.js';
import { benchmarksRead } from '../benchmarks/benchmarks.store.js';
import { kpisRead } from './kpi.reader.js';
import { metricsTable as t } from '../db.js';
import { SignalsService } from '../signals/signals.service.js';

type Shares = Record<string, number>;

/** Reads of creators' KPIs and audience, each after the caller's access is checked. */
@Injectable()
export class KpisService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(SignalsService) private readonly signals: SignalsService,
  ) {}

  async get(principal: Principal, creatorId: string, window: KpiWindow): Promise<CreatorKpis> {
    const em = this.uow.reader();
    await assertMayRead(em, principal, creatorId);
    const [kpis] = await readTogether(em, this.creatorKpis(creatorId, window));
    return kpis;
  }

  /** The creator card's KPIs and audience after one check of the caller, their reads in one statement. */
  async card(principal: Principal, creatorId: string, window: KpiWindow): Promise<{ kpis: CreatorKpis; audience: Audience }> {
    const em = this.uow.reader();
    await assertMayRead(em, principal, creatorId);
    const [kpis, audience] = await readTogether(em, this.creatorKpis(creatorId, window), audienceRead(creatorId));
    return { kpis, audience };
  }

  /**
   * One creator's KPIs over `window` with, for `last30v` (the window cohorts are built from, the
   * only one compared with them), its benchmarks and signals.
   */
  private creatorKpis(creatorId: string, window: KpiWindow): Read<CreatorKpis> {
    const now = new Date();
    const kpis = kpisRead([creatorId], window, now);
    if (window !== 'last30v') return combineReads([kpis], ([k]) => k.get(creatorId)!);
    return combineReads([kpis, benchmarksRead(creatorId), this.signals.read([creatorId], now)], ([k, { benchmarks, withheld }, signals]) => ({
      ...k.get(creatorId)!,
      ...(Object.keys(benchmarks).length ? { benchmarks } : {}),
      ...(Object.keys(withheld).length ? { benchmarksWithheld: withheld } : {}),
      signals: signals.get(creatorId)!,
    }));
  }

  async audience(principal: Principal, creatorId: string): Promise<Audience> {
    const em = this.uow.reader();
    await assertMayRead(em, principal, creatorId);
    return readApart(em, audienceRead(creatorId));
  }
}

/** The creator's latest audience (all null before the first observation). */
function audienceRead(creatorId: string): Read<Audience> {
  return {
    selects: [
      {
        sql: `select "observed_at" as "observedAt", "ages", "genders", "countries", "devices" from ${t('audience_latest')} where "creator_id" = ?`,
        params: [creatorId],
      },
    ],
    result([rows]) {
      const [row] = rows as { observedAt: Date | string; ages: Shares; genders: Shares; countries: Shares; devices: Shares | null }[];
      return {
        creatorId,
        asOf: row ? new Date(row.observedAt).toISOString() : null,
        ages: row?.ages ?? null,
        genders: row?.genders ?? null,
        countries: row?.countries ?? null,
        devices: row?.devices ?? null,
      };
    },
  };
}
