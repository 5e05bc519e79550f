import { defineEntity, p } from '@mikro-orm/core';
import { ORG_KINDS, ORG_ROLES } from '#libs/contracts';

export const OrganizationSchema = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    kind: p.enum(ORG_KINDS),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
export class Organization extends OrganizationSchema.class {}
OrganizationSchema.setClass(Organization);

/** A user belongs to at most one organization, so the user id is the key. */
export const MemberSchema = defineEntity({
  name: 'Member',
  tableName: 'members',
  properties: {
    userId: p.uuid().primary(),
    orgId: p.uuid(),
    role: p.enum(ORG_ROLES),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
  },
});
export class Member extends MemberSchema.class {}
MemberSchema.setClass(Member);
