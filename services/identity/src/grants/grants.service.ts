import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, effectiveStatus, enforce, isGrantEffective, notFound, type GrantAction } from '#libs/authz';
import {
  AppError,
  grantEvents,
  grantRequestEvents,
  type Grant,
  type GrantFacts,
  type GrantStatus,
  type Principal,
  type Scope,
} from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { UnitOfWork } from '#libs/service-defaults';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { freshPrincipal, iso, isoOrNull } from '../common/principal.js';
import { AuditService } from '../audit/audit.service.js';
import { User } from '../accounts/user.entity.js';
import { Organization } from '../accounts/organization.entity.js';
import { normalizeHandle } from '../accounts/normalize.js';
import { DelegationGrant } from './grant.entity.js';
import { canonicalScopes } from './scopes.js';
import { GrantExpiredError, isOpen, transition, type GrantCommand, type GrantTransition } from './grant.state-machine.js';

/** Shortest lifetime a new grant may ask for (an expiry in the past is a mistake). */
const MIN_LIFETIME_MS = 60_000;

const EVENT_CONTRACT = {
  activated: grantEvents.activated,
  revoked: grantEvents.revoked,
  expired: grantEvents.expired,
  'scopes-changed': grantEvents.scopesChanged,
} as const;

export function factsOf(g: DelegationGrant, now = new Date()): GrantFacts {
  return {
    id: g.id,
    agencyId: g.agencyId,
    creatorId: g.creatorId,
    status: effectiveStatus(g, now),
    scopes: [...g.scopes],
    expiresAt: isoOrNull(g.expiresAt),
  };
}

/** Grants expired per transaction by the sweeper; a full batch means more may be due. */
export const EXPIRY_BATCH = 100;

@Injectable()
export class GrantsService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async request(principal: Principal, req: { creatorHandle: string; scopes: Scope[]; expiresAt?: string }): Promise<Grant> {
    const handle = normalizeHandle(req.creatorHandle, 'creatorHandle');
    const now = new Date();
    const expiresAt = req.expiresAt ? new Date(req.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() < now.getTime() + MIN_LIFETIME_MS) {
      throw new AppError('unprocessable', 'Expiry in the past', 'expiresAt must be at least a minute from now', [
        { path: 'expiresAt', message: 'Must be in the future' },
      ]);
    }
    try {
      return await this.uow.run(async (em) => {
        const p = await freshPrincipal(em, principal);
        enforce(authorize(p, 'delegation:request', { type: 'agency' }));
        const creator = await em.findOne(User, { handle, kind: 'creator' });
        if (!creator) throw notFound();
        const open = await em.findOne(
          DelegationGrant,
          { agencyId: p.orgId!, creatorId: creator.id, status: { $in: ['pending', 'active'] } },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (open) {
          if (effectiveStatus(open, now) !== 'expired') {
            throw new AppError('conflict', 'Grant already open', `This agency already has a ${open.status} grant with this creator (${open.id})`);
          }
          // Lapsed but not yet recorded: record the expiry so the new request can take its place.
          await this.apply(em, open, transition(open, { type: 'expire' }, now), null, now);
        }
        const scopes = canonicalScopes(req.scopes);
        const grant = em.create(DelegationGrant, {
          id: randomUUID(),
          agencyId: p.orgId!,
          creatorId: creator.id,
          requestedBy: p.userId,
          status: 'pending',
          scopes,
          requestedScopes: scopes,
          expiresAt,
          createdAt: now,
          updatedAt: now,
          decidedAt: null,
          endedAt: null,
          endedBy: null,
        });
        this.audit.append(
          em,
          {
            action: 'grant.requested',
            actorUserId: p.userId,
            actorOrgId: p.orgId,
            orgId: p.orgId,
            onBehalfOf: creator.id,
            grantId: grant.id,
            target: { type: 'grant', id: grant.id },
            details: { scopes, expiresAt: isoOrNull(expiresAt) },
          },
          now,
        );
        await em.flush(); // sets `version`, the event's aggregateVersion
        const agency = await em.findOne(Organization, { id: grant.agencyId });
        enqueueEvent(em, grantRequestEvents.requested, {
          aggregateId: grant.id,
          aggregateVersion: grant.version,
          payload: {
            grantId: grant.id,
            agencyId: grant.agencyId,
            creatorId: creator.id,
            status: 'pending',
            scopes,
            expiresAt: isoOrNull(expiresAt),
            actorUserId: p.userId,
            at: iso(now),
            creator: { handle: creator.handle ?? '', name: creator.name },
            ...(agency ? { agency: { name: agency.name } } : {}),
          },
        });
        return this.view(em, grant, now);
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new AppError('conflict', 'Grant already open', 'This agency already has an open grant with this creator');
      }
      throw err;
    }
  }

  approve(principal: Principal, req: { grantId: string; scopes?: Scope[]; version?: number }) {
    return this.command(principal, req.grantId, 'delegation:approve', { type: 'approve', scopes: req.scopes }, req.version);
  }

  decline(principal: Principal, req: { grantId: string; version?: number }) {
    return this.command(principal, req.grantId, 'delegation:decline', { type: 'decline' }, req.version);
  }

  revoke(principal: Principal, req: { grantId: string; version?: number }) {
    return this.command(principal, req.grantId, 'delegation:revoke', { type: 'revoke' }, req.version);
  }

  narrow(principal: Principal, req: { grantId: string; scopes: Scope[]; version?: number }) {
    return this.command(principal, req.grantId, 'delegation:narrow', { type: 'narrow', scopes: req.scopes }, req.version);
  }

  /**
   * Every decision on a grant: lock it, check the caller may take this action on it (404 for
   * strangers, 403 for the wrong party), check the version the caller saw, run the state
   * machine, and commit the change with its audit entry and event.
   */
  private async command(principal: Principal, grantId: string, action: GrantAction, command: GrantCommand, expectedVersion?: number): Promise<Grant> {
    const outcome = await this.uow.run(async (em) => {
      const p = await freshPrincipal(em, principal);
      const grant = await em.findOne(DelegationGrant, { id: grantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!grant) throw notFound();
      enforce(authorize(p, action, { type: 'grant', grant }));
      if (expectedVersion !== undefined && expectedVersion !== grant.version) {
        throw new AppError('conflict', 'Version conflict', `The grant is at version ${grant.version}, not ${expectedVersion}; reload and retry`);
      }
      const now = new Date();
      if (isOpen(grant.status) && effectiveStatus(grant, now) === 'expired') {
        await this.apply(em, grant, transition(grant, { type: 'expire' }, now), null, now);
        return { expired: true as const };
      }
      await this.apply(em, grant, transition(grant, command, now), p, now);
      return { grant: await this.view(em, grant, now) };
    });
    // The expiry commits; the command it arrived with is refused.
    if ('expired' in outcome) throw new GrantExpiredError();
    return outcome.grant;
  }

  /** Writes a transition with its audit entry and (for access-relevant changes) its event. */
  async apply(em: EntityManager, grant: DelegationGrant, t: GrantTransition, actor: Principal | null, now: Date): Promise<void> {
    if (t.event === null) return;
    const previousScopes = [...grant.scopes];
    grant.status = t.status;
    grant.scopes = t.scopes;
    grant.updatedAt = now;
    if (t.event === 'activated' || t.event === 'declined') grant.decidedAt = now;
    if (t.event === 'declined' || t.event === 'revoked' || t.event === 'expired') {
      grant.endedAt = now;
      grant.endedBy = actor?.userId ?? null;
    }
    this.audit.append(
      em,
      {
        action: `grant.${t.event === 'activated' ? 'approved' : t.event}`,
        actorUserId: actor?.userId ?? null,
        actorOrgId: actor?.orgId ?? null,
        orgId: grant.agencyId,
        onBehalfOf: grant.creatorId,
        grantId: grant.id,
        target: { type: 'grant', id: grant.id },
        details: {
          status: t.status,
          scopes: t.scopes,
          ...(t.event === 'activated' ? { requestedScopes: grant.requestedScopes } : {}),
          ...(t.event === 'scopes-changed' ? { previousScopes } : {}),
        },
      },
      now,
    );
    await em.flush(); // bumps `version`, which the event carries as aggregateVersion
    if (t.event === 'declined') return; // nobody had access through a pending grant
    // Names ride along so projections (roster) never look the pair up in identity.
    const [creator, agency] = await Promise.all([em.findOne(User, { id: grant.creatorId }), em.findOne(Organization, { id: grant.agencyId })]);
    const payload = {
      ...(creator ? { creator: { handle: creator.handle ?? '', name: creator.name } } : {}),
      ...(agency ? { agency: { name: agency.name } } : {}),
      grantId: grant.id,
      agencyId: grant.agencyId,
      creatorId: grant.creatorId,
      status: t.status,
      scopes: t.scopes,
      expiresAt: isoOrNull(grant.expiresAt),
      actorUserId: actor?.userId ?? null,
      at: iso(now),
    };
    const contract = EVENT_CONTRACT[t.event];
    enqueueEvent(em, contract, {
      aggregateId: grant.id,
      aggregateVersion: grant.version,
      payload: t.event === 'scopes-changed' ? { ...payload, previousScopes } : payload,
    });
  }

  async get(principal: Principal, grantId: string): Promise<Grant> {
    const em = this.uow.reader();
    const p = await freshPrincipal(em, principal);
    const grant = await em.findOne(DelegationGrant, { id: grantId });
    if (!grant) throw notFound();
    enforce(authorize(p, 'delegation:read', { type: 'grant', grant }));
    return this.view(em, grant, new Date());
  }

  /** Grants that involve the caller as creator, or the caller's agency; by effective status. */
  async list(principal: Principal, req: { status?: GrantStatus; limit: number; cursor?: string }) {
    const em = this.uow.reader();
    const p = await freshPrincipal(em, principal);
    const party = p.kind === 'creator' ? { creatorId: p.userId } : p.orgKind === 'agency' && p.orgId ? { agencyId: p.orgId } : null;
    if (!party) return { items: [], nextCursor: null };
    const now = new Date();
    const live = { $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] };
    const lapsed = { status: { $in: ['pending', 'active'] }, expiresAt: { $lte: now } };
    const byStatus: Record<GrantStatus, Record<string, unknown>> = {
      pending: { status: 'pending', ...live },
      active: { status: 'active', ...live },
      expired: { $or: [{ status: 'expired' }, lapsed] },
      declined: { status: 'declined' },
      revoked: { status: 'revoked' },
    };
    const filters = [party, req.status ? byStatus[req.status] : {}, afterCursor(decodeCursor(req.cursor), 'createdAt')];
    const rows = await em.find(DelegationGrant, { $and: filters } as never, {
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit: req.limit + 1,
    });
    const { items, nextCursor } = page(rows, req.limit, (g) => ({ at: g.createdAt, id: g.id }));
    return { items: await this.views(em, items, now), nextCursor };
  }

  /** The grant in force between the caller's agency and a creator, for authorization caches. */
  async check(principal: Principal, creatorId: string): Promise<GrantFacts | null> {
    const em = this.uow.reader();
    const p = await freshPrincipal(em, principal);
    if (p.orgKind !== 'agency' || !p.orgId) return null;
    const grant = await em.findOne(DelegationGrant, { agencyId: p.orgId, creatorId, status: 'active' });
    const now = new Date();
    return grant && isGrantEffective(grant, now) ? factsOf(grant, now) : null;
  }

  /** Records the expiry of grants whose time has passed (decisions already refuse them). */
  async expireDue(limit = EXPIRY_BATCH): Promise<number> {
    return this.uow.run(async (em) => {
      const now = new Date();
      const due = await em.find(
        DelegationGrant,
        { status: { $in: ['pending', 'active'] }, expiresAt: { $lte: now } },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit, orderBy: { expiresAt: 'asc' } },
      );
      for (const grant of due) await this.apply(em, grant, transition(grant, { type: 'expire' }, now), null, now);
      return due.length;
    });
  }

  private async view(em: EntityManager, g: DelegationGrant, now: Date): Promise<Grant> {
    return (await this.views(em, [g], now))[0]!;
  }

  private async views(em: EntityManager, grants: DelegationGrant[], now: Date): Promise<Grant[]> {
    if (grants.length === 0) return [];
    const orgs = await em.find(Organization, { id: { $in: [...new Set(grants.map((g) => g.agencyId))] } });
    const creators = await em.find(User, { id: { $in: [...new Set(grants.map((g) => g.creatorId))] } });
    const orgById = new Map(orgs.map((o) => [o.id, o]));
    const creatorById = new Map(creators.map((c) => [c.id, c]));
    return grants.map((g) => {
      const creator = creatorById.get(g.creatorId)!;
      return {
        ...factsOf(g, now),
        requestedScopes: [...g.requestedScopes],
        version: g.version,
        agency: { id: g.agencyId, name: orgById.get(g.agencyId)?.name ?? '' },
        creator: { id: creator.id, handle: creator.handle ?? '', name: creator.name },
        requestedBy: g.requestedBy,
        createdAt: iso(g.createdAt),
        updatedAt: iso(g.updatedAt),
        decidedAt: isoOrNull(g.decidedAt),
        endedAt: isoOrNull(g.endedAt),
      };
    });
  }
}
