import { notFound } from '#libs/authz';
import { AppError, rosterContracts } from '#libs/contracts';
import type { RouteContext } from '../../routes/route.js';
import { agencyRoles } from './agency-members.js';
import { versionFromIfMatch } from './if-match.js';

/**
 * PUT /v1/roster/{creatorId}/commission: each share must go to a member of the caller's agency
 * (422 naming the share otherwise). Checked here because identity owns memberships; a member
 * who leaves later keeps their share in the versions already set, until the agency sets a new one.
 */
export async function putCommission(ctx: RouteContext<typeof rosterContracts.commissionPut>) {
  const { request, send, input } = ctx;
  // A creator not on the agency's roster is 404 before anything is said about the shares.
  const { items } = await send(rosterContracts.entriesGet, { creatorIds: [input.creatorId] });
  if (items.length === 0) throw notFound();
  const userIds = input.splits.map((s) => s.userId);
  const roles = userIds.length ? await agencyRoles(send, request.principal!.orgId!, userIds) : new Map<string, string>();
  const errors = userIds.flatMap((id, i) => (roles.has(id) ? [] : [{ path: `splits.${i}.userId`, message: 'Not a member of this agency' }]));
  if (errors.length) throw new AppError('unprocessable', 'Not a member', 'Commission shares go to members of this agency', errors);
  return ctx.call({ ...input, version: input.version ?? versionFromIfMatch(request.headers['if-match']) });
}
