import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, enforce, notFound } from '#libs/authz';
import { AppError, assignmentEvents, rosterContracts, schemaOf, type CreatorCategory, type Principal, type RosterEntry, type ROSTER_SORTS } from '#libs/contracts';
import { containsPattern, decodeCursor, encodeCursor, queryPrepared } from '#libs/persistence';
import { enqueueEvent } from '#libs/messaging';
import { auditActorOf, recordForCreator, RpcAuthorizer, UnitOfWork } from '#libs/service-defaults';
import { RosterMembership } from './membership.entity.js';
import { decodeNameCursor, encodeNameCursor } from './roster.cursor.js';

type RosterSort = (typeof ROSTER_SORTS)[number];

const S = `"${schemaOf('roster')}"`;

interface RosterRow {
  grant_id: string;
  creator_id: string;
  scopes: RosterEntry['scopes'];
  since: Date;
  expires_at: Date | null;
  assignee_ids: string[];
  handle: string | null;
  name: string | null;
  categories: CreatorCategory[] | null;
}

interface RosterFilters {
  assigneeId?: string;
  category?: CreatorCategory;
  q?: string;
}

function entryOf(r: RosterRow): RosterEntry {
  return {
    creator: { id: r.creator_id, handle: r.handle ?? '', name: r.name ?? '' },
    grantId: r.grant_id,
    scopes: r.scopes,
    since: new Date(r.since).toISOString(),
    expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    assigneeIds: r.assignee_ids,
    categories: r.categories ?? [],
  };
}


/**
 * The agency's roster: its creators with a grant in force (expiry applies at its instant),
 * with their profile's name and categories. Values only ever travel as bound parameters.
 */
/** The agency's active, unexpired roster entry for the creator. */
const onRoster = (agencyId: string, creatorId: string, now: Date) => ({
  agencyId,
  creatorId,
  status: 'active' as const,
  $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }],
});

@Injectable()
export class RosterService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  private agencyOf(principal: Principal, action: 'roster:read' | 'roster:assign'): string {
    if (principal.orgKind !== 'agency' || !principal.orgId) throw notFound();
    enforce(authorize(principal, action, { type: 'organization', orgId: principal.orgId }));
    return principal.orgId;
  }

  /** The roster's `from … where …` for the agency and filters, with its parameters. */
  private matching(agencyId: string, f: RosterFilters, extra: { where?: string; params?: unknown[] } = {}): { from: string; params: unknown[] } {
    const where = [`m."agency_id" = ?`, `m."status" = 'active'`, `(m."expires_at" is null or m."expires_at" > now())`];
    const params: unknown[] = [agencyId];
    if (f.assigneeId) {
      where.push(`m."assignee_ids" @> ?::jsonb`);
      params.push(JSON.stringify([f.assigneeId]));
    }
    if (f.category) {
      where.push(`p."categories" @> ?::jsonb`);
      params.push(JSON.stringify([f.category]));
    }
    if (f.q) {
      where.push(`(lower(p."name") like ? or p."handle" like ?)`);
      // Handles are stored lowercase; the name is lowered to match.
      params.push(containsPattern(f.q.toLowerCase()), containsPattern(f.q.toLowerCase()));
    }
    if (extra.where) {
      where.push(extra.where);
      params.push(...(extra.params ?? []));
    }
    return {
      from: `from ${S}."roster_memberships" m left join ${S}."creator_profiles" p on p."creator_id" = m."creator_id" where ${where.join(' and ')}`,
      params,
    };
  }

  private async rows(em: EntityManager, agencyId: string, f: RosterFilters, extra: { where?: string; params?: unknown[]; orderBy: string; limit?: number }) {
    const { from, params } = this.matching(agencyId, f, extra);
    const sql = `select m."grant_id", m."creator_id", m."scopes", m."since", m."expires_at", m."assignee_ids", p."handle", p."name", p."categories"
      ${from} order by ${extra.orderBy}${extra.limit ? ` limit ?::int` : ''}`;
    if (extra.limit) params.push(extra.limit);
    // Prepared: a handful of texts (one per combination of filters and order; the limit is a
    // parameter), each planned once per connection.
    return queryPrepared<RosterRow>(em, sql, params);
  }

  async list(principal: Principal, req: RosterFilters & { limit: number; cursor?: string; sort: RosterSort }) {
    const agencyId = this.agencyOf(principal, 'roster:read');
    if (req.sort !== 'name' && req.sort !== 'since') {
      throw new AppError('unprocessable', 'Sort not available here', `roster orders by name or since; ${req.sort} is a metric the gateway orders by`, [
        { path: 'sort', message: 'Use name or since' },
      ]);
    }
    const em = this.uow.reader();
    let rows: RosterRow[];
    let keyOf: (r: RosterRow) => string;
    if (req.sort === 'since') {
      const after = decodeCursor(req.cursor);
      rows = await this.rows(em, agencyId, req, {
        ...(after ? { where: `(m."since", m."creator_id") < (?, ?)`, params: [after.at, after.id] } : {}),
        orderBy: `m."since" desc, m."creator_id" desc`,
        limit: req.limit + 1,
      });
      keyOf = (r) => encodeCursor(new Date(r.since), r.creator_id);
    } else {
      const after = decodeNameCursor(req.cursor);
      rows = await this.rows(em, agencyId, req, {
        ...(after ? { where: `(lower(coalesce(p."name", '')), m."creator_id") > (?, ?)`, params: [after.name, after.creatorId] } : {}),
        orderBy: `lower(coalesce(p."name", '')), m."creator_id"`,
        limit: req.limit + 1,
      });
      keyOf = (r) => encodeNameCursor(r.name ?? '', r.creator_id);
    }
    const items = rows.slice(0, req.limit);
    const last = items[items.length - 1];
    return { items: items.map(entryOf), nextCursor: rows.length > req.limit && last ? keyOf(last) : null };
  }

  /** Every matching creator id (no paging), and who is assigned to them: the gateway has metrics rank them. */
  async ids(principal: Principal, req: RosterFilters) {
    const agencyId = this.agencyOf(principal, 'roster:read');
    // Only the ids, and each list as one text: a roster of thousands ranked by metrics would
    // otherwise read and parse every entry, or a row per creator.
    const { from, params } = this.matching(agencyId, req);
    const [row] = await queryPrepared<{ ids: string | null; assignees: string | null }>(
      this.uow.reader(),
      `with r as (select m."creator_id", m."assignee_ids" ${from})
       select (select string_agg("creator_id"::text, ',') from r) as "ids",
              (select string_agg(distinct a, ',') from r cross join jsonb_array_elements_text(r."assignee_ids") a where r."assignee_ids" <> '[]') as "assignees"`,
      params,
    );
    return { creatorIds: row?.ids ? row.ids.split(',') : [], assigneeIds: row?.assignees ? row.assignees.split(',') : [] };
  }

  async get(principal: Principal, creatorIds: string[]) {
    const agencyId = this.agencyOf(principal, 'roster:read');
    const rows = await this.rows(this.uow.reader(), agencyId, {}, { where: `m."creator_id" = any(?::uuid[])`, params: [creatorIds], orderBy: `m."creator_id"` });
    return { items: rows.map(entryOf) };
  }

  /** Assigning is the creator's agency's, for a creator on its roster now; answered before the body is validated too. */
  @RpcAuthorizer(rosterContracts.assigneesSet)
  async authorizeAssign(req: { creatorId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw new AppError('unauthenticated', 'Authentication required');
    const agencyId = this.agencyOf(principal, 'roster:assign');
    if (!(await this.uow.reader().findOne(RosterMembership, onRoster(agencyId, req.creatorId, new Date())))) throw notFound();
  }

  async setAssignees(principal: Principal, req: { creatorId: string; managerIds: string[] }): Promise<RosterEntry> {
    const agencyId = this.agencyOf(principal, 'roster:assign');
    const managerIds = [...new Set(req.managerIds)];
    return this.uow.run(async (em) => {
      const now = new Date();
      const membership = await em.findOne(RosterMembership, onRoster(agencyId, req.creatorId, now), { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!membership) throw notFound();
      const previous = membership.assigneeIds;
      membership.assigneeIds = managerIds;
      recordForCreator(em, {
        by: 'roster',
        actor: auditActorOf(principal),
        action: 'roster.assigned',
        onBehalfOf: req.creatorId,
        grantId: membership.grantId,
        target: { type: 'roster-entry', id: req.creatorId },
        details: { old: previous, new: managerIds },
        at: now,
      });
      enqueueEvent(em, assignmentEvents.changed, {
        aggregateId: membership.grantId,
        aggregateVersion: 0, // memberships carry no version: consumers order by `at` (this lock serializes it)
        payload: { grantId: membership.grantId, agencyId, creatorId: req.creatorId, assigneeIds: managerIds, at: now.toISOString() },
      });
      await em.flush();
      const [row] = await this.rows(em, agencyId, {}, { where: `m."grant_id" = ?`, params: [membership.grantId], orderBy: `m."creator_id"` });
      return entryOf(row!);
    });
  }
}
