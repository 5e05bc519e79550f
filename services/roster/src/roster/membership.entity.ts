import { defineEntity, p } from '@mikro-orm/core';
import type { Scope } from '#libs/contracts';

/**
 * Roster's copy of one delegation grant, kept from identity's grant events (never written by
 * a request). A creator is on an agency's roster while its grant here is active and unexpired.
 */
export const RosterMembershipSchema = defineEntity({
  name: 'RosterMembership',
  tableName: 'roster_memberships',
  properties: {
    grantId: p.uuid().primary(),
    agencyId: p.uuid(),
    creatorId: p.uuid(),
    status: p.enum(['active', 'ended'] as const),
    scopes: p.json<Scope[]>().columnType('jsonb'),
    since: p.datetime().columnType('timestamptz'),
    expiresAt: p.datetime().columnType('timestamptz').strictNullable(),
    endedAt: p.datetime().columnType('timestamptz').strictNullable(),
    /** Agency members who manage this creator; set by the agency's owner/admin. */
    assigneeIds: p.json<string[]>().columnType('jsonb'),
  },
});
export class RosterMembership extends RosterMembershipSchema.class {}
RosterMembershipSchema.setClass(RosterMembership);
