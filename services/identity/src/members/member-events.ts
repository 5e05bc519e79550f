import type { EntityManager } from '@mikro-orm/postgresql';
import { memberEvents, type OrgRole } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import type { User } from '../accounts/user.entity.js';
import type { Organization } from '../accounts/organization.entity.js';

/**
 * Announces a user's membership after a change (`role` null: removed), in the change's own
 * transaction, so services addressing members keep an exact copy. Members have no version;
 * consumers order one user's changes by `at`, which the organization's lock serializes.
 */
export function announceMembership(em: EntityManager, change: { user: User; org: Organization; role: OrgRole | null; at: Date }): void {
  const { user, org, role, at } = change;
  enqueueEvent(em, memberEvents.changed, {
    aggregateId: user.id,
    aggregateVersion: 0,
    payload: { userId: user.id, orgId: org.id, orgKind: org.kind, orgName: org.name, role, email: user.email, name: user.name, at: at.toISOString() },
  });
}
