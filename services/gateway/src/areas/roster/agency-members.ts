import { AppError, identityContracts, type RequestContract } from '#libs/contracts';
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

/**
 * Names of the agency's members, when the caller may list them (owners and admins); others get
 * an empty map, and show the people they name without names rather than no answer at all.
 */
export async function memberNames(send: RouteContext<RequestContract>['send'], orgId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  try {
    let cursor: string | undefined;
    do {
      const page = await send(identityContracts.membersList, { orgId, limit: 200, ...(cursor ? { cursor } : {}) });
      for (const m of page.items) names.set(m.userId, m.name);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  } catch (err) {
    if (!(err instanceof AppError) || (err.code !== 'forbidden' && err.code !== 'not_found')) throw err;
  }
  return names;
}
