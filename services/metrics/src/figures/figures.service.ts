import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AppError, METRIC_SORTS, type Principal, type RosterFigures, type RequestOf, type ResponseOf, type metricsRosterContracts } from '#libs/contracts';
import type { Decision } from '#libs/authz';
import { cursorCodec } from '#libs/persistence';
import { UnitOfWork } from '#libs/service-defaults';
import { mayReadMetrics, metricsDecisions } from '../access/metrics-access.js';
import { readFigures, readFiguresWithGrants } from './figures.reader.js';
import { noFigures, rankPage, visibleFigures } from './figures.rules.js';

/** The last creator of a page: the order it was in, its figure, its id (a cursor of another order is a 400). */
const cursor = cursorCodec(z.tuple([z.enum(METRIC_SORTS), z.number().nullable(), z.uuid()]));

type Rank = typeof metricsRosterContracts.figuresRank;

/** The figures a roster shows and sorts on, read from the per-creator summary after the caller's access is checked. */
@Injectable()
export class FiguresService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  /** Creators the caller may not read are left out (a roster page shows what it may). */
  async batch(principal: Principal, creatorIds: readonly string[]) {
    const em = this.uow.reader();
    const [decisions, known] = await Promise.all([metricsDecisions(em, principal, creatorIds), readFigures(em, creatorIds)]);
    const visible = creatorIds.filter((id) => decisions.get(id)?.allowed);
    return { items: visible.map((id) => known.get(id) ?? noFigures(id)) };
  }

  /**
   * The figures of `creatorIds` (creators without figures are absent) and the caller's access to
   * them, decided at least for every creator with figures.
   */
  private async figuresAndAccess(principal: Principal, creatorIds: readonly string[]): Promise<{ known: Map<string, RosterFigures>; decisions: Map<string, Decision> }> {
    const em = this.uow.reader();
    if (principal.orgKind === 'agency' && principal.orgId) {
      // An agency's access is its grants, read with the figures: one statement, and grants only
      // for creators with figures (one without ranks the same whether or not it may be read).
      const now = new Date();
      const rows = await readFiguresWithGrants(em, principal.orgId, creatorIds);
      return {
        known: new Map(rows.map((r) => [r.figures.creatorId, r.figures])),
        decisions: new Map(rows.map((r) => [r.figures.creatorId, mayReadMetrics(principal, r.figures.creatorId, r.grant, false, now)])),
      };
    }
    const [decisions, known] = await Promise.all([metricsDecisions(em, principal, creatorIds), readFigures(em, creatorIds)]);
    return { known, decisions };
  }

  /** Ranks exactly the creators asked about; those the caller may not read rank as without figures. */
  async rank(principal: Principal, req: RequestOf<Rank>): Promise<ResponseOf<Rank>> {
    const after = cursor.decode(req.cursor);
    if (after && after[0] !== req.sort) {
      throw new AppError('validation', 'Invalid input', 'cursor belongs to another order', [{ path: 'cursor', message: `Use nextCursor from a page sorted by ${req.sort}` }]);
    }
    const { known, decisions } = await this.figuresAndAccess(principal, req.creatorIds);
    const figures = visibleFigures(req.creatorIds, known, (id) => decisions.get(id)?.allowed === true);
    const { items, next } = rankPage(figures, req.sort, req.limit, after && { value: after[1], creatorId: after[2] });
    return { items, nextCursor: next ? cursor.encode([req.sort, next.value, next.creatorId]) : null };
  }
}
