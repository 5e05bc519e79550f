import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { AppError, identityContracts as c, invitationEvents, type Invitation as InvitationDto, type OrgRole, type Principal } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { RpcAuthorizer, UnitOfWork } from '#libs/service-defaults';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { iso, isoOrNull } from '../common/principal.js';
import { AuditService } from '../audit/audit.service.js';
import { User } from '../accounts/user.entity.js';
import { Member, Organization } from '../accounts/organization.entity.js';
import { normalizeEmail } from '../accounts/normalize.js';
import { checkMemberAuthority, checkMemberChange } from './member.rules.js';
import { assertInvitee, decideInvitation, INVITATION_TTL_MS, invitationStatusAt, type InvitationStatus } from './invitation.state-machine.js';
import { Invitation } from './invitation.entity.js';
import { authorizedManager, lockManagedOrg } from './members.service.js';
import { announceMembership } from './member-events.js';

/**
 * Joining an organization: an owner or admin invites an address, and only the account with
 * that address can accept (becoming a member) or decline. Inviting says nothing about whether
 * the address has an account, so it cannot be used to probe for one.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Who may invite, judged on what the request names (the role too, when it is valid): answered before the rest is validated. */
  @RpcAuthorizer(c.invitationsCreate)
  async authorizeInvite(req: { orgId: string; role?: OrgRole }, principal?: Principal): Promise<void> {
    const p = await authorizedManager(this.uow.reader(), principal, req.orgId);
    checkMemberAuthority(p.role, req.role ? { type: 'add', role: req.role } : null);
  }

  create(principal: Principal, req: { orgId: string; email: string; role: OrgRole }): Promise<InvitationDto> {
    const email = normalizeEmail(req.email);
    return this.uow
      .run(async (em) => {
        const { p, org, owners } = await lockManagedOrg(em, principal, req.orgId);
        checkMemberChange(p.role, { type: 'add', role: req.role }, owners);
        const now = new Date();
        // An open invitation past its expiry no longer blocks a new one.
        await em.nativeUpdate(Invitation, { orgId: org.id, email, status: 'pending', expiresAt: { $lte: now } }, { status: 'expired' });
        const invitation = em.create(Invitation, {
          id: randomUUID(),
          orgId: org.id,
          email,
          role: req.role,
          status: 'pending',
          invitedBy: p.userId,
          createdAt: now,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
          decidedAt: null,
        });
        this.audit.append(em, {
          action: 'member.invited',
          actorUserId: p.userId,
          actorOrgId: p.orgId,
          orgId: org.id,
          onBehalfOf: null,
          grantId: null,
          target: { type: 'invitation', id: invitation.id },
          details: { role: req.role },
        });
        enqueueEvent(em, invitationEvents.created, {
          aggregateId: invitation.id,
          aggregateVersion: 1,
          payload: { invitationId: invitation.id, orgId: org.id, orgName: org.name, orgKind: org.kind, email, role: req.role, invitedBy: p.userId, expiresAt: invitation.expiresAt.toISOString(), at: now.toISOString() },
        });
        await em.flush();
        return view(invitation, org, now);
      })
      .catch((err: unknown) => {
        if (err instanceof UniqueConstraintViolationException) {
          throw new AppError('conflict', 'Already invited', 'An invitation to this address is pending; it must be decided or expire first');
        }
        throw err;
      });
  }

  async list(principal: Principal, req: { status?: InvitationStatus; limit: number; cursor?: string }) {
    const em = this.uow.reader();
    const user = await em.findOneOrFail(User, { id: principal.userId });
    const now = new Date();
    const byStatus: Record<InvitationStatus, FilterQuery<Invitation>> = {
      pending: { status: 'pending', expiresAt: { $gt: now } },
      expired: { $or: [{ status: 'expired' }, { status: 'pending', expiresAt: { $lte: now } }] },
      accepted: { status: 'accepted' },
      declined: { status: 'declined' },
    };
    const rows = await em.find(
      Invitation,
      { $and: [{ email: user.email }, req.status ? byStatus[req.status] : {}, afterCursor(decodeCursor(req.cursor), 'createdAt')] },
      { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: req.limit + 1 },
    );
    const { items, nextCursor } = page(rows, req.limit, (i) => ({ at: i.createdAt, id: i.id }));
    const orgs = new Map((await em.find(Organization, { id: { $in: [...new Set(items.map((i) => i.orgId))] } })).map((o) => [o.id, o]));
    return { items: items.map((i) => view(i, orgs.get(i.orgId)!, now)), nextCursor };
  }

  /** Only the invitee decides; answered before the body is validated too. */
  @RpcAuthorizer(c.invitationsAccept, c.invitationsDecline)
  async authorizeDecision(req: { invitationId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw new AppError('unauthenticated', 'Authentication required');
    const em = this.uow.reader();
    const user = await em.findOne(User, { id: principal.userId }, { fields: ['email'] });
    assertInvitee(await em.findOne(Invitation, { id: req.invitationId }), user?.email);
  }

  accept(principal: Principal, req: { invitationId: string }): Promise<InvitationDto> {
    return this.decide(principal, req.invitationId, 'accept');
  }

  decline(principal: Principal, req: { invitationId: string }): Promise<InvitationDto> {
    return this.decide(principal, req.invitationId, 'decline');
  }

  private decide(principal: Principal, invitationId: string, action: 'accept' | 'decline'): Promise<InvitationDto> {
    return this.uow.run(async (em) => {
      const now = new Date();
      const invitation = await em.findOne(Invitation, { id: invitationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const user = await em.findOneOrFail(User, { id: principal.userId });
      // Locked as every membership change locks it, so owner counts and joins stay consistent.
      const org = invitation ? await em.findOneOrFail(Organization, { id: invitation.orgId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
      const inOrganization = (await em.count(Member, { userId: user.id })) > 0;
      const outcome = decideInvitation(invitation, action, { email: user.email, kind: user.kind, inOrganization }, org?.kind ?? 'agency', now);
      invitation!.status = outcome;
      invitation!.decidedAt = now;
      if (outcome === 'accepted') {
        em.create(Member, { userId: user.id, orgId: org!.id, role: invitation!.role, createdAt: now, updatedAt: now });
        announceMembership(em, { user, org: org!, role: invitation!.role, at: now });
      }
      this.audit.append(em, {
        action: outcome === 'accepted' ? 'member.added' : 'member.invitation-declined',
        actorUserId: user.id,
        actorOrgId: outcome === 'accepted' ? org!.id : null,
        orgId: org!.id,
        onBehalfOf: null,
        grantId: null,
        target: { type: 'member', id: user.id },
        details: { role: invitation!.role, invitationId: invitation!.id, invitedBy: invitation!.invitedBy },
      });
      await em.flush();
      return view(invitation!, org!, now);
    });
  }
}

function view(i: Invitation, org: Organization, now: Date): InvitationDto {
  return {
    id: i.id,
    organization: { id: org.id, name: org.name, kind: org.kind },
    email: i.email,
    role: i.role,
    status: invitationStatusAt(i, now),
    invitedBy: i.invitedBy,
    createdAt: iso(i.createdAt),
    expiresAt: iso(i.expiresAt),
    decidedAt: isoOrNull(i.decidedAt),
  };
}
