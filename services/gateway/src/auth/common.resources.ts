import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '#libs/contracts';
import type { ResourceResolver } from './decorators.js';

const uuid = z.uuid();

/** A path or query value that must be a UUID; anything else is a 400 naming the field. */
export function uuidFrom(request: FastifyRequest, where: 'params' | 'query', name: string): string {
  const raw = (request[where] as Record<string, unknown> | undefined)?.[name];
  const parsed = uuid.safeParse(raw);
  if (!parsed.success) throw new AppError('validation', 'Invalid input', `${name} must be a UUID`, [{ path: name, message: 'Invalid UUID' }]);
  return parsed.data;
}

/** The caller's own account (me, logout, lists filtered to the caller). */
export const ownAccount: ResourceResolver = () => ({ type: 'account' });

/**
 * The caller's own brand (anyone else is refused by the policy). Routes naming a campaign or an
 * offer act on it too: campaigns answers 404 when the campaign or offer belongs to another
 * brand, exactly as for an unknown id.
 */
export const ownBrand: ResourceResolver = (_request, { principal }) => ({ type: 'brand', brandId: principal.orgId ?? '' });

/** The caller's own agency as a whole. */
export const ownAgency: ResourceResolver = () => ({ type: 'agency' });

/** An organization named in the path. */
export const organizationParam =
  (name = 'orgId'): ResourceResolver =>
  (request) => ({ type: 'organization', orgId: uuidFrom(request, 'params', name) });

/**
 * A creator named in the path or query, with the grant the caller's agency holds (cached) and,
 * for brands, whether the creator is visible in the marketplace (roster's answer, cached briefly).
 */
export const creatorFrom =
  (where: 'params' | 'query', name = 'creatorId'): ResourceResolver =>
  async (request, { principal, grants, visibility }) => {
    const creatorId = uuidFrom(request, where, name);
    if (principal.orgKind === 'brand') {
      return { type: 'creator', creatorId, grant: null, marketplaceVisible: await visibility.visibleToBrands(principal, creatorId) };
    }
    return { type: 'creator', creatorId, grant: await grants.lookup(principal, creatorId) };
  };
