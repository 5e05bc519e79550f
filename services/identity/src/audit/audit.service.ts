import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditLogResource, auditLogRows, auditReadNeedsGrant, authorize, enforce } from '#libs/authz';
import { AppError, type AuditEntry as AuditEntryDto, type Principal } from '#libs/contracts';
import { UnitOfWork } from '#libs/service-defaults';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { freshPrincipal, iso } from '../common/principal.js';
import { traceOfRecord } from '#libs/observability';
import { DelegationGrant } from '../grants/grant.entity.js';
import { AuditEntry } from './audit-entry.entity.js';
import { lookUpNames, type Names } from '../accounts/names.service.js';

export interface AuditInput {
  action: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  orgId: string | null;
  onBehalfOf: string | null;
  grantId: string | null;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
  /** For entries another service recorded: its trace (default: the current one). */
  traceId?: string | null;
}

const MAX_DETAILS_BYTES = 8 * 1024;

/** An entry as the log shows it, with who acted, the organization and the creator named. */
export function toDto(e: AuditEntry, names: Names): AuditEntryDto {
  const org = (id: string | null | undefined) => {
    const known = id ? names.organizations.get(id) : undefined;
    return id && known ? { id, name: known.name, kind: known.kind } : null;
  };
  const actorUserId = e.actorUserId ?? null;
  return {
    id: e.id,
    at: iso(e.at),
    action: e.action,
    actor: { userId: actorUserId, name: actorUserId ? (names.users.get(actorUserId) ?? null) : null, organization: org(e.actorOrgId), orgId: e.actorOrgId ?? null },
    orgId: e.orgId ?? null,
    organization: org(e.orgId),
    onBehalfOf: e.onBehalfOf ?? null,
    creator: e.onBehalfOf ? { id: e.onBehalfOf, name: names.users.get(e.onBehalfOf) ?? null } : null,
    grantId: e.grantId ?? null,
    target: { type: e.targetType, id: e.targetId },
    traceId: e.traceId ?? null,
    details: e.details ?? {},
  };
}

/**
 * The append-only record of grant changes, membership changes and every action taken on a
 * creator's behalf. Entries are only ever created (in the transaction of the change they
 * describe); the table refuses UPDATE, DELETE and TRUNCATE.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  append(em: EntityManager, input: AuditInput, at = new Date(), id: string = randomUUID()): AuditEntry {
    const entry = em.create(AuditEntry, {
      id,
      at,
      action: input.action,
      actorUserId: input.actorUserId,
      actorOrgId: input.actorOrgId,
      orgId: input.orgId,
      onBehalfOf: input.onBehalfOf,
      grantId: input.grantId,
      targetType: input.target.type,
      targetId: input.target.id,
      // For its own records, the trace the gateway started for the request, never a trace id a client sent.
      traceId: input.traceId !== undefined ? input.traceId : (traceOfRecord() ?? null),
      details: input.details ?? {},
    });
    em.persist(entry);
    return entry;
  }

  /** The audit log the caller asked for, as far as `audit:read` lets them see it (libs/authz decides). */
  async list(principal: Principal, req: { creatorId?: string; limit: number; cursor?: string }) {
    const em = this.uow.reader();
    const p = await freshPrincipal(em, principal);
    const cursor = decodeCursor(req.cursor);
    const grant = auditReadNeedsGrant(p, req.creatorId) && p.orgId
      ? await em.findOne(DelegationGrant, { agencyId: p.orgId, creatorId: req.creatorId, status: 'active' })
      : null;
    const resource = auditLogResource(p, req.creatorId, grant);
    enforce(authorize(p, 'audit:read', resource));
    const where = auditLogRows(p, resource);
    const rows = await em.find(
      AuditEntry,
      { ...where, ...afterCursor(cursor, 'at') },
      { orderBy: [{ at: 'desc' }, { id: 'desc' }], limit: req.limit + 1 },
    );
    const { items, nextCursor } = page(rows, req.limit, (e) => ({ at: e.at, id: e.id }));
    const names = await lookUpNames(em, {
      userIds: items.flatMap((e) => [e.actorUserId, e.onBehalfOf].filter((id): id is string => !!id)),
      orgIds: items.flatMap((e) => [e.actorOrgId, e.orgId].filter((id): id is string => !!id)),
    });
    return { items: items.map((e) => toDto(e, names)), nextCursor };
  }

  /**
   * Records an action a caller took: for themselves, for their organization, or — through the
   * grant named in `actingFor`, which must be in force for their agency — for a creator.
   */
  async record(principal: Principal, req: { action: string; target: { type: string; id: string }; details?: Record<string, unknown> }) {
    if (req.details && Buffer.byteLength(JSON.stringify(req.details)) > MAX_DETAILS_BYTES) {
      throw new AppError('validation', 'Invalid input', 'details is too large', [{ path: 'details', message: `At most ${MAX_DETAILS_BYTES} bytes of JSON` }]);
    }
    return this.uow.run(async (em) => {
      const p = await freshPrincipal(em, principal);
      let scope: Pick<AuditInput, 'orgId' | 'onBehalfOf' | 'grantId'>;
      if (p.actingFor) {
        const grant = await em.findOne(
          DelegationGrant,
          { id: p.actingFor.grantId, creatorId: p.actingFor.creatorId },
          { lockMode: LockMode.PESSIMISTIC_READ },
        );
        enforce(authorize(p, 'audit:write', { type: 'creator', creatorId: p.actingFor.creatorId, grant }));
        scope = { orgId: p.orgId, onBehalfOf: p.actingFor.creatorId, grantId: p.actingFor.grantId };
      } else if (p.kind === 'creator') {
        scope = { orgId: null, onBehalfOf: p.userId, grantId: null };
      } else {
        scope = { orgId: p.orgId, onBehalfOf: null, grantId: null };
      }
      const entry = this.append(em, {
        action: req.action,
        actorUserId: p.userId,
        actorOrgId: p.orgId,
        ...scope,
        target: req.target,
        details: req.details,
      });
      return { id: entry.id };
    });
  }
}
