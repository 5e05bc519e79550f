import { canWriteForCreator, notFound } from '#libs/authz';
import { AppError, rosterContracts } from '#libs/contracts';
import type { RouteContext } from '../../routes/route.js';
import { agencyRoles } from './agency-members.js';

/**
 * PUT /v1/roster/{creatorId}/assignees: every id must be a member of the caller's agency who
 * may act for creators (manager or above; identity owns memberships), else 422 naming it.
 */
export async function setAssignees(ctx: RouteContext<typeof rosterContracts.assigneesSet>) {
  const { request, send, input } = ctx;
  // Unknown (or another agency's) creators are 404 before anything is said about the assignees.
  const { items } = await send(rosterContracts.entriesGet, { creatorIds: [input.creatorId] });
  if (items.length === 0) throw notFound();
  const roles = await agencyRoles(send, request.principal!.orgId!, input.managerIds);
  const errors = input.managerIds.flatMap((id, i) =>
    canWriteForCreator((roles.get(id) ?? null) as never) ? [] : [{ path: `managerIds.${i}`, message: roles.has(id) ? 'Viewers cannot manage creators' : 'Not a member of this agency' }],
  );
  if (errors.length) throw new AppError('unprocessable', 'Not assignable', 'Assignees must be managers, admins or owners of this agency', errors);
  return ctx.call();
}
