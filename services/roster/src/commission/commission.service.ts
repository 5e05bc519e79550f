import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, commissionEvents, type CommissionView, type Principal } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { auditActorOf, recordForCreator, UnitOfWork } from '#libs/service-defaults';
import { authorizeCreator } from '../access/roster-access.js';
import { RosterMembership } from '../roster/membership.entity.js';
import { assertCurrentVersion, requireVersion } from '../common/versioning.rules.js';
import { Commission, CommissionChange } from './commission.entities.js';
import { commissionAgencyOf, sameCommission, type CommissionSplitShare } from './commission.rules.js';

function commissionView(creatorId: string, agencyId: string, row: Commission | null): CommissionView {
  return row
    ? { creatorId, agencyId, percent: row.percent, splits: row.splits, version: row.version, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy }
    : { creatorId, agencyId, percent: 0, splits: [], version: 0, updatedAt: null, updatedBy: null };
}

interface CommissionWrite {
  creatorId: string;
  percent: number;
  splits: CommissionSplitShare[];
  version?: number;
}

/**
 * Each agency's commission on its roster creators, versioned like rate cards: read by the
 * agency's members and the creator, written by the agency's owner/admin through a grant in
 * force. Every write names the version it replaces, keeps the version in the history and
 * publishes `roster.evt.commission.changed.v1` (negotiation splits payments by it), all in one
 * transaction. That each share's user is a member of the agency is checked by the gateway
 * against identity, which owns memberships.
 */
@Injectable()
export class CommissionService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  async get(principal: Principal, req: { creatorId: string; agencyId?: string }): Promise<CommissionView> {
    const em = this.uow.reader();
    const agencyId = await this.readable(em, principal, req);
    return commissionView(req.creatorId, agencyId, await em.findOne(Commission, { agencyId, creatorId: req.creatorId }));
  }

  async history(principal: Principal, req: { creatorId: string; agencyId?: string; limit: number; cursor?: string }) {
    const em = this.uow.reader();
    const agencyId = await this.readable(em, principal, req);
    const rows = await em.find(
      CommissionChange,
      { agencyId, creatorId: req.creatorId, ...afterCursor(decodeCursor(req.cursor), 'changedAt') },
      { orderBy: [{ changedAt: 'desc' }, { id: 'desc' }], limit: req.limit + 1 },
    );
    const { items, nextCursor } = page(rows, req.limit, (c) => ({ at: c.changedAt, id: c.id }));
    return {
      items: items.map((c) => ({ version: c.version, percent: c.percent, splits: c.splits, changedAt: c.changedAt.toISOString(), changedBy: c.changedBy })),
      nextCursor,
    };
  }

  async put(principal: Principal, req: CommissionWrite): Promise<CommissionView> {
    try {
      return await this.write(principal, req);
    } catch (err) {
      // Two first writes of one commission race on its insert: the loser's version is stale.
      if (err instanceof UniqueConstraintViolationException) {
        throw new AppError('conflict', 'Version conflict', 'The commission changed at the same time; reload and retry');
      }
      throw err;
    }
  }

  private write(principal: Principal, req: CommissionWrite): Promise<CommissionView> {
    return this.uow.run(async (em) => {
      const access = await authorizeCreator(em, principal, 'commission:write', req.creatorId);
      const agencyId = principal.orgId!;
      const expected = requireVersion(req.version);
      // The commission row is the lock: two writers queue here, and the second sees the new version.
      const row = await em.findOne(Commission, { agencyId, creatorId: req.creatorId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const current = row?.version ?? 0;
      assertCurrentVersion('commission', current, expected);
      if (row && sameCommission(row, req)) return commissionView(req.creatorId, agencyId, row);
      const now = new Date();
      const version = current + 1;
      const splits = req.splits.map((s) => ({ userId: s.userId, percent: s.percent }));
      const next = row ?? em.create(Commission, { id: randomUUID(), agencyId, creatorId: req.creatorId, percent: req.percent, splits, version, updatedAt: now, updatedBy: principal.userId });
      Object.assign(next, { percent: req.percent, splits, version, updatedAt: now, updatedBy: principal.userId });
      em.create(CommissionChange, {
        id: randomUUID(),
        commissionId: next.id,
        agencyId,
        creatorId: req.creatorId,
        version,
        percent: req.percent,
        splits,
        changedAt: now,
        changedBy: principal.userId,
        grantId: access.grantId,
      });
      enqueueEvent(em, commissionEvents.changed, {
        aggregateId: next.id,
        aggregateVersion: version,
        payload: { commissionId: next.id, agencyId, creatorId: req.creatorId, version, percent: req.percent, splits, changedAt: now.toISOString(), changedBy: principal.userId },
      });
      recordForCreator(em, {
        by: 'roster',
        actor: auditActorOf(principal),
        action: 'commission.updated',
        onBehalfOf: req.creatorId,
        grantId: access.grantId,
        target: { type: 'commission', id: next.id },
        details: { version, old: row ? { percent: row.percent, splits: row.splits } : null, new: { percent: req.percent, splits } },
        at: now,
      });
      await em.flush();
      return commissionView(req.creatorId, agencyId, next);
    });
  }

  /** Unknown creators, strangers and another agency's commission get the same 404. */
  private async readable(em: EntityManager, principal: Principal, req: { creatorId: string; agencyId?: string }): Promise<string> {
    await authorizeCreator(em, principal, 'commission:read', req.creatorId);
    const now = new Date();
    const inForce = principal.kind === 'creator' ? await em.find(RosterMembership, { creatorId: req.creatorId, status: 'active', $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] }) : [];
    return commissionAgencyOf(principal, req.creatorId, req.agencyId, inForce.map((m) => m.agencyId));
  }
}
