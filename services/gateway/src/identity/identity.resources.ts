import { identityContracts } from '#libs/contracts';
import { forbidden } from '#libs/authz';
import type { ResourceResolver } from '../auth/decorators.js';
import { uuidFrom } from '../auth/resources.js';

/**
 * A delegation grant named in the path. Identity answers only to the grant's parties (404 to
 * anyone else, exactly as for an unknown id); the policy then decides what this party may do.
 */
export const grantParam: ResourceResolver = async (request, { downstream }) => {
  const grantId = uuidFrom(request, 'params', 'id');
  return { type: 'grant', grant: await downstream.callFor(request, identityContracts.grantsGet, { grantId }) };
};

/**
 * The audit log asked for: a creator's (the creator themselves, or their agency through a
 * grant in force) or, without `creatorId`, the caller's own (creator) or organization's.
 */
export const auditScope: ResourceResolver = async (request, ctx) => {
  const { principal, grants } = ctx;
  const creatorId = (request.query as Record<string, unknown> | undefined)?.creatorId;
  if (creatorId !== undefined) {
    const id = uuidFrom(request, 'query', 'creatorId');
    return { type: 'creator', creatorId: id, grant: await grants.lookup(principal, id) };
  }
  if (principal.kind === 'creator') return { type: 'creator', creatorId: principal.userId };
  if (principal.orgId) return { type: 'organization', orgId: principal.orgId };
  throw forbidden();
};
