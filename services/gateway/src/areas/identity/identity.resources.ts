import { identityContracts } from '#libs/contracts';
import { auditLogResource, auditReadNeedsGrant } from '#libs/authz';
import type { ResourceResolver } from '../../auth/decorators.js';
import { uuidFrom } from '../../auth/common.resources.js';

/**
 * A delegation grant named in the path. Identity answers only to the grant's parties (404 to
 * anyone else, exactly as for an unknown id); the policy then decides what this party may do.
 */
export const grantParam: ResourceResolver = async (request, { downstream }) => {
  const grantId = uuidFrom(request, 'params', 'id');
  return { type: 'grant', grant: await downstream.callFor(request, identityContracts.grantsGet, { grantId }) };
};

/** The audit log asked for (libs/authz's `auditLogResource`), with the caller's grant when it takes one. */
export const auditScope: ResourceResolver = async (request, { principal, grants }) => {
  const creatorId = (request.query as Record<string, unknown> | undefined)?.creatorId === undefined ? undefined : uuidFrom(request, 'query', 'creatorId');
  const grant = auditReadNeedsGrant(principal, creatorId) ? await grants.lookup(principal, creatorId) : null;
  return auditLogResource(principal, creatorId, grant);
};
