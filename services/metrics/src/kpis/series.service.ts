import { Inject, Injectable } from '@nestjs/common';
import type { Principal, Series } from '#libs/contracts';
import { UnitOfWork } from '#libs/service-defaults';
import { assertMayRead } from '../access/metrics-access.js';
import { readSeries } from './series.reader.js';

/** Chart series of a creator, after the same access check as their KPIs. */
@Injectable()
export class SeriesService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  async get(principal: Principal, creatorId: string, days: number): Promise<Series> {
    const em = this.uow.reader();
    await assertMayRead(em, principal, creatorId);
    return readSeries(em, creatorId, days, new Date());
  }
}
