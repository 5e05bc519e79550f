import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { unauthenticated } from '#libs/authz';
import type { OrgKind, Principal } from '#libs/contracts';
import { UnitOfWork } from '#libs/service-defaults';
import { Organization } from './organization.entity.js';
import { User } from './user.entity.js';

/** Display names by id, as identity's accounts hold them now. */
export interface Names {
  users: Map<string, string>;
  organizations: Map<string, { name: string; kind: OrgKind }>;
}

/**
 * The one place names come from: every view that says who did something (the audit log here,
 * messages, terms versions and rate history through the gateway) names people and
 * organizations by what identity holds at read time, so a rename shows everywhere at once.
 */
export async function lookUpNames(em: EntityManager, ids: { userIds: Iterable<string>; orgIds: Iterable<string> }): Promise<Names> {
  const userIds = [...new Set(ids.userIds)];
  const orgIds = [...new Set(ids.orgIds)];
  const [users, orgs] = await Promise.all([
    userIds.length ? em.find(User, { id: { $in: userIds } }, { fields: ['id', 'name'] }) : [],
    orgIds.length ? em.find(Organization, { id: { $in: orgIds } }, { fields: ['id', 'name', 'kind'] }) : [],
  ]);
  return {
    users: new Map(users.map((u) => [u.id, u.name])),
    organizations: new Map(orgs.map((o) => [o.id, { name: o.name, kind: o.kind }])),
  };
}

/**
 * `identity.names.resolve.v1`, asked by the gateway with the ids of a page it already let the
 * caller read; names are what any party to a deal sees of the other side anyway.
 */
@Injectable()
export class NamesService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  async resolve(principal: Principal | undefined, req: { userIds: string[]; orgIds: string[] }) {
    if (!principal) throw unauthenticated();
    const names = await lookUpNames(this.uow.reader(), req);
    return {
      users: [...names.users].map(([id, name]) => ({ id, name })),
      organizations: [...names.organizations].map(([id, o]) => ({ id, name: o.name, kind: o.kind })),
    };
  }
}
