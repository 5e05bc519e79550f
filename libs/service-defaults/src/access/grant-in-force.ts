import type { GrantView } from '#libs/authz';
import { identityContracts, type Principal } from '#libs/contracts';
import type { RequestClient } from '#libs/messaging';

/**
 * The grant between the caller's agency and a creator as identity says now (null for anyone who
 * is not an agency member, or without a grant in force). A service's own copy of the grants lags
 * identity by the bus's delay, longer while the bus or a database is away: a write for a creator
 * asks this instead, so a grant identity has revoked no longer works and one it has just approved
 * already does. Ask before opening the unit of work (no lock is held across the call); when
 * identity cannot answer, the request fails with its 503.
 */
export async function grantInForce(requests: RequestClient, principal: Principal, creatorId: string): Promise<GrantView | null> {
  if (principal.orgKind !== 'agency' || !principal.orgId) return null;
  const { grant } = await requests.request(identityContracts.grantsCheck, { creatorId }, { principal });
  return grant;
}
