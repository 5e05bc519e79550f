import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, enforce, notFound, unauthenticated } from '#libs/authz';
import { identityContracts, type Member as MemberDto, type AuditAction, type OrgRole, type Principal } from '#libs/contracts';
import { RpcAuthorizer, UnitOfWork } from '#libs/service-defaults';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { freshPrincipal, iso } from '../common/principal.js';
import { AuditService } from '../audit/audit.service.js';
import { User } from '../accounts/user.entity.js';
import { Member, Organization } from '../accounts/organization.entity.js';
import { checkMemberAuthority, checkMemberChange } from './member.rules.js';
import { endSessions } from '../tokens/session-revocation.js';
import { announceMembership } from './member-events.js';

/** Checks the caller manages `orgId`, then locks the organization so owner counts stay true. */
export async function lockManagedOrg(em: EntityManager, principal: Principal, orgId: string) {
  const p = await authorizedManager(em, principal, orgId);
  const org = await em.findOneOrFail(Organization, { id: orgId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const owners = await em.count(Member, { orgId, role: 'owner' });
  return { p, org, owners };
}

/** The caller as a manager of members of the organization (403/404 otherwise), read fresh. */
export async function authorizedManager(em: EntityManager, principal: Principal | undefined, orgId: string): Promise<Principal> {
  if (!principal) throw unauthenticated();
  const p = await freshPrincipal(em, principal);
  enforce(authorize(p, 'members:write', { type: 'organization', orgId }));
  return p;
}

/** Members of an organization: listed, re-roled and removed (joining is an accepted invitation, invitations.service.ts). */
@Injectable()
export class MembersService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, req: { orgId: string; limit: number; cursor?: string }) {
    const em = this.uow.reader();
    const p = await freshPrincipal(em, principal);
    enforce(authorize(p, 'members:read', { type: 'organization', orgId: req.orgId }));
    const rows = await em.find(
      Member,
      { orgId: req.orgId, ...afterCursor(decodeCursor(req.cursor), 'createdAt', 'userId') },
      { orderBy: [{ createdAt: 'desc' }, { userId: 'desc' }], limit: req.limit + 1 },
    );
    const { items, nextCursor } = page(rows, req.limit, (m) => ({ at: m.createdAt, id: m.userId }));
    return { items: await this.views(em, items), nextCursor };
  }

  /** Membership changes are organization actions: audited with no creator on whose behalf. */
  private recordChange(em: EntityManager, p: Principal, orgId: string, action: AuditAction, memberId: string, details: Record<string, unknown>) {
    this.audit.append(em, { action, actorUserId: p.userId, actorOrgId: p.orgId, orgId, onBehalfOf: null, grantId: null, target: { type: 'member', id: memberId }, details });
  }

  /**
   * Who may re-role a member, judged on what the request names (the role too, when it is
   * valid): answered before the rest of the body is validated.
   */
  @RpcAuthorizer(identityContracts.membersUpdate)
  async authorizeUpdate(req: { orgId: string; userId: string; role?: OrgRole }, principal?: Principal): Promise<void> {
    const em = this.uow.reader();
    const p = await authorizedManager(em, principal, req.orgId);
    const member = await em.findOne(Member, { userId: req.userId, orgId: req.orgId });
    if (!member) throw notFound();
    checkMemberAuthority(p.role, req.role ? { type: 'set-role', from: member.role, to: req.role } : null);
  }

  update(principal: Principal, req: { orgId: string; userId: string; role: OrgRole }): Promise<MemberDto> {
    return this.uow.run(async (em) => {
      const { p, org, owners } = await this.lockOrg(em, principal, req.orgId);
      // Locked before sessions are ended: a login issuing a token for this member (FOR SHARE)
      // either finishes first and its session is then ended, or waits and sees the change.
      const member = await em.findOne(Member, { userId: req.userId, orgId: org.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!member) throw notFound();
      checkMemberChange(p.role, { type: 'set-role', from: member.role, to: req.role }, owners);
      const user = await em.findOneOrFail(User, { id: member.userId });
      if (member.role !== req.role) {
        const from = member.role;
        member.role = req.role;
        member.updatedAt = new Date();
        this.recordChange(em, p, org.id, 'member.role-changed', member.userId, { from, to: req.role });
        announceMembership(em, { user, org, role: req.role, at: member.updatedAt });
        await endSessions(em, { userId: member.userId, reason: 'membership-changed', now: member.updatedAt });
      }
      return this.view(member, user);
    });
  }

  remove(principal: Principal, req: { orgId: string; userId: string }): Promise<{ removed: true }> {
    return this.uow.run(async (em) => {
      const { p, org, owners } = await this.lockOrg(em, principal, req.orgId);
      // Locked before sessions are ended: a login issuing a token for this member (FOR SHARE)
      // either finishes first and its session is then ended, or waits and sees the change.
      const member = await em.findOne(Member, { userId: req.userId, orgId: org.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!member) throw notFound();
      checkMemberChange(p.role, { type: 'remove', role: member.role }, owners);
      em.remove(member);
      this.recordChange(em, p, org.id, 'member.removed', member.userId, { role: member.role });
      const now = new Date();
      announceMembership(em, { user: await em.findOneOrFail(User, { id: member.userId }), org, role: null, at: now });
      await endSessions(em, { userId: member.userId, reason: 'membership-changed', now });
      return { removed: true as const };
    });
  }

  private lockOrg(em: EntityManager, principal: Principal, orgId: string) {
    return lockManagedOrg(em, principal, orgId);
  }

  private async views(em: EntityManager, members: Member[]): Promise<MemberDto[]> {
    if (members.length === 0) return [];
    const users = await em.find(User, { id: { $in: members.map((m) => m.userId) } });
    const byId = new Map(users.map((u) => [u.id, u]));
    return members.map((m) => this.view(m, byId.get(m.userId)!));
  }

  private view(m: Member, u: User): MemberDto {
    return { userId: m.userId, email: u.email, name: u.name, role: m.role, joinedAt: iso(m.createdAt) };
  }
}

