import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { authorize, enforce } from '#libs/authz';
import { AppError, DISCOVERY_SORTS, type DiscoveredCreator, type Principal, type RequestOf, type metricsContracts } from '#libs/contracts';
import { cursorCodec } from '#libs/persistence';
import { UnitOfWork } from '#libs/service-defaults';
import { discoverCreators, type DiscoveryRow } from './discovery.reader.js';
import { sortValue, topCountries } from './discovery.rules.js';
import { SignalsService } from '../signals/signals.service.js';

/** The last row of a page: the order it was in, its sort value, its id (a cursor of another order is a 400). */
const cursor = cursorCodec(z.tuple([z.enum(DISCOVERY_SORTS), z.number(), z.uuid()]));

type Query = RequestOf<typeof metricsContracts.creatorsDiscover>;

/** Marketplace discovery: brands search visible creators by their figures and audience. */
@Injectable()
export class DiscoveryService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(SignalsService) private readonly signals: SignalsService,
  ) {}

  async discover(principal: Principal, q: Query): Promise<{ items: DiscoveredCreator[]; nextCursor: string | null }> {
    // The gateway decided already; metrics owns this list and decides again.
    enforce(authorize(principal, 'marketplace:discover', { type: 'brand', brandId: principal.orgId ?? '' }));
    const sort = q.sort ?? 'followers';
    const limit = q.limit ?? 25;
    const after = cursor.decode(q.cursor);
    if (after && after[0] !== sort) {
      throw new AppError('validation', 'Invalid input', 'cursor belongs to another sort order', [{ path: 'cursor', message: `Use nextCursor from a page sorted by ${sort}` }]);
    }
    const em = this.uow.reader();
    const rows = await discoverCreators(em, { ...q, sort, limit: limit + 1, after: after && { value: after[1], creatorId: after[2] } });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    // A brand may read the metrics of every visible creator, so each row carries its signals too.
    const signals = await this.signals.of(em, items.map((r) => r.creatorId));
    return {
      items: items.map((r) => ({ ...view(r, q.country), signals: signals.get(r.creatorId)! })),
      nextCursor: rows.length > limit && last ? cursor.encode([sort, sortValue(sort, last), last.creatorId]) : null,
    };
  }
}

function view(r: DiscoveryRow, country: string | undefined): Omit<DiscoveredCreator, 'signals'> {
  return {
    creatorId: r.creatorId,
    handle: r.handle,
    displayName: r.displayName,
    categories: r.categories,
    followers: r.followers,
    followerBand: r.followerBand,
    engagementRate: r.engagementRate,
    medianViews: r.medianViews,
    countryShare: country ? (r.countries?.[country] ?? 0) : null,
    topCountries: topCountries(r.countries),
  };
}
