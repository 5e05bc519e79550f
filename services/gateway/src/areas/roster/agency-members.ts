import { identityContracts, type RequestContract } from '#libs/contracts';
import type { RouteContext } from '../../routes/route.js';

/**
 * The roles in the caller's agency of the users a roster write names (assignees, commission
 * shares). Identity owns memberships and roster keeps no copy of them, so the gateway asks
 * identity at the moment of the write; pages stop as soon as every named user is found.
 */
export async function agencyRoles(send: RouteContext<RequestContract>['send'], orgId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  const roles = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await send(identityContracts.membersList, { orgId, limit: 200, ...(cursor ? { cursor } : {}) });
    for (const m of page.items) roles.set(m.userId, m.role);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && userIds.some((id) => !roles.has(id)));
  return roles;
}
