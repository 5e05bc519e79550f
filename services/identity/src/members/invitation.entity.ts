import { defineEntity, p } from '@mikro-orm/core';
import { INVITATION_STATUSES, ORG_ROLES } from '#libs/contracts';

/** An invitation to an organization, addressed to an email (normalized), decided by its owner. */
export const InvitationSchema = defineEntity({
  name: 'Invitation',
  tableName: 'invitations',
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    email: p.text(),
    role: p.enum(ORG_ROLES),
    status: p.enum(INVITATION_STATUSES),
    invitedBy: p.uuid(),
    createdAt: p.datetime().columnType('timestamptz'),
    expiresAt: p.datetime().columnType('timestamptz'),
    decidedAt: p.datetime().columnType('timestamptz').strictNullable(),
  },
});
export class Invitation extends InvitationSchema.class {}
InvitationSchema.setClass(Invitation);
