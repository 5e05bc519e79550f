import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Audience, CreatorKpis, KpiWindow, Principal } from '#libs/contracts';
import { UnitOfWork } from '#libs/service-defaults';
import { assertMayRead } from '../access/metrics-access.js';
import { benchmarksOf } from '../benchmarks/benchmarks.store.js';
import { readKpis } from './kpi.reader.js';
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
    return this.kpisOf(em, creatorId, window);
  }

  /** The creator card's KPIs and audience after one check of the caller, their reads all at once. */
  async card(principal: Principal, creatorId: string, window: KpiWindow): Promise<{ kpis: CreatorKpis; audience: Audience }> {
    const em = this.uow.reader();
    await assertMayRead(em, principal, creatorId);
    const [kpis, audience] = await Promise.all([this.kpisOf(em, creatorId, window), audienceOf(em, creatorId)]);
    return { kpis, audience };
  }

  private async kpisOf(em: EntityManager, creatorId: string, window: KpiWindow): Promise<CreatorKpis> {
    // Cohorts are built from `last30v`, so only that window is compared with them, and only it carries signals.
    const last30v = window === 'last30v';
    const [kpis, { benchmarks, withheld }, signals] = await Promise.all([
      readKpis(em, [creatorId], window, new Date()),
      last30v ? benchmarksOf(em, creatorId) : Promise.resolve({ benchmarks: {}, withheld: {} }),
      last30v ? this.signals.of(em, [creatorId]) : Promise.resolve(null),
    ]);
    return {
      ...kpis.get(creatorId)!,
      ...(Object.keys(benchmarks).length ? { benchmarks } : {}),
      ...(Object.keys(withheld).length ? { benchmarksWithheld: withheld } : {}),
      ...(signals ? { signals: signals.get(creatorId)! } : {}),
    };
  }

  async audience(principal: Principal, creatorId: string): Promise<Audience> {
    const em = this.uow.reader();
    await assertMayRead(em, principal, creatorId);
    return audienceOf(em, creatorId);
  }
}

/** The creator's latest audience (all null before the first observation). */
async function audienceOf(em: EntityManager, creatorId: string): Promise<Audience> {
  const [row] = await em.execute<{ observedAt: Date; ages: Shares; genders: Shares; countries: Shares; devices: Shares | null }[]>(
    `select "observed_at" as "observedAt", "ages", "genders", "countries", "devices" from ${t('audience_latest')} where "creator_id" = ?`,
    [creatorId],
  );
  return {
    creatorId,
    asOf: row ? new Date(row.observedAt).toISOString() : null,
    ages: row?.ages ?? null,
    genders: row?.genders ?? null,
    countries: row?.countries ?? null,
    devices: row?.devices ?? null,
  };
}
