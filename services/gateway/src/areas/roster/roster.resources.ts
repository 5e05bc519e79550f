import { forbidden, notFound } from '#libs/authz';
import type { ResourceResolver } from '../../auth/decorators.js';
import { uuidFrom } from '../../auth/common.resources.js';

/** The caller's own agency, for roster-wide actions (other kinds of account have no roster). */
export const ownAgencyOrganization: ResourceResolver = (_request, { principal }) => {
  if (principal.orgKind !== 'agency' || !principal.orgId) throw forbidden();
  return { type: 'organization', orgId: principal.orgId };
};

/** The grant in force between the caller's agency and the creator in the path (404 without one). */
export const rosterGrant: ResourceResolver = async (request, { principal, grants }) => {
  const creatorId = uuidFrom(request, 'params', 'creatorId');
  const grant = await grants.lookup(principal, creatorId);
  if (!grant) throw notFound();
  return { type: 'grant', grant };
};
