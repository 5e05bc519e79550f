import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, enforce, notFound } from '#libs/authz';
import { AppError, profileEvents, type CreatorRef, type Principal, type Profile, type ProfileFields } from '#libs/contracts';
import { containsPattern } from '#libs/persistence';
import { enqueueEvent, RequestClient } from '#libs/messaging';
import { auditActorOf, grantInForce, recordForCreator, UnitOfWork } from '#libs/service-defaults';
import { authorizeCreator, authorizeCreatorWith } from '../access/roster-access.js';
import { CreatorProfile } from './profile.entity.js';
import { applyProfilePatch, defaultProfileFields, isAvailable } from './profile.rules.js';

/** What a profile's answer is made of (the entity, or the same columns read with the caller's grant). */
export type ProfileFacts = Pick<
  CreatorProfile,
  'creatorId' | 'handle' | 'name' | 'bio' | 'categories' | 'regions' | 'languages' | 'marketplaceVisible' | 'onVacationUntil' | 'updatedAt' | 'version'
>;

export function profileView(p: ProfileFacts, now = new Date()): Profile {
  return {
    creatorId: p.creatorId,
    handle: p.handle,
    name: p.name,
    bio: p.bio,
    categories: [...p.categories],
    regions: [...p.regions],
    languages: [...p.languages],
    marketplaceVisible: p.marketplaceVisible,
    onVacationUntil: p.onVacationUntil ? p.onVacationUntil.toISOString() : null,
    available: isAvailable(p.onVacationUntil, now),
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
  };
}

function fieldsOf(p: CreatorProfile): ProfileFields {
  const { bio, categories, regions, languages, marketplaceVisible, onVacationUntil } = profileView(p);
  return { bio, categories, regions, languages, marketplaceVisible, onVacationUntil };
}

/**
 * Writes a changed profile and announces what brands may know of it in the same transaction.
 * The row is written first so the event carries the version the change committed (the
 * consumers' order), whatever the ORM's versioning does on insert and update.
 */
async function flushAndAnnounce(em: EntityManager, profile: CreatorProfile, at: Date): Promise<void> {
  await em.flush();
  enqueueEvent(em, profileEvents.changed, {
    aggregateId: profile.creatorId,
    aggregateVersion: profile.version,
    payload: {
      creatorId: profile.creatorId,
      version: profile.version,
      handle: profile.handle,
      displayName: profile.name,
      categories: [...profile.categories],
      regions: [...profile.regions],
      marketplaceVisible: profile.marketplaceVisible,
      changedAt: at.toISOString(),
    },
  });
  await em.flush();
}

/**
 * Creates the profile of a creator identity told us about, or refreshes the account's handle
 * and name on it; the creator's own edits are never touched here.
 */
export async function upsertProfileIdentity(em: EntityManager, creatorId: string, account: { handle: string; name: string }, at: Date): Promise<void> {
  const existing = await em.findOne(CreatorProfile, { creatorId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (existing) {
    if (existing.handle === account.handle && existing.name === account.name) return;
    existing.handle = account.handle;
    existing.name = account.name;
    await flushAndAnnounce(em, existing, at);
    return;
  }
  const defaults = defaultProfileFields();
  const created = em.create(CreatorProfile, { creatorId, ...account, ...defaults, onVacationUntil: null, createdAt: at, updatedAt: at });
  await flushAndAnnounce(em, created, at);
}

@Injectable()
export class ProfilesService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(RequestClient) private readonly requests: RequestClient,
  ) {}

  async get(principal: Principal, creatorId: string): Promise<Profile> {
    const em = this.uow.reader();
    const profile = await em.findOne(CreatorProfile, { creatorId });
    await authorizeCreator(em, principal, 'profile:read', creatorId, profile);
    if (!profile) throw notFound();
    return profileView(profile);
  }

  async update(principal: Principal, req: Partial<ProfileFields> & { creatorId: string; version?: number }): Promise<Profile> {
    const { creatorId, version, ...patch } = req;
    const grant = await grantInForce(this.requests, principal, creatorId);
    return this.uow.run(async (em) => {
      const profile = await em.findOne(CreatorProfile, { creatorId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const access = await authorizeCreatorWith(em, principal, 'profile:write', creatorId, grant, profile);
      if (!profile) throw notFound();
      if (version !== undefined && version !== profile.version) {
        throw new AppError('conflict', 'Version conflict', `The profile is at version ${profile.version}, not ${version}; reload and retry`);
      }
      const now = new Date();
      const { fields, changed } = applyProfilePatch(fieldsOf(profile), patch, now);
      if (changed.length === 0) return profileView(profile, now);
      const before = fieldsOf(profile);
      Object.assign(profile, { ...fields, onVacationUntil: fields.onVacationUntil ? new Date(fields.onVacationUntil) : null, updatedAt: now });
      recordForCreator(em, {
        by: 'roster',
        actor: auditActorOf(principal),
        action: 'profile.updated',
        onBehalfOf: creatorId,
        grantId: access.grantId,
        target: { type: 'creator-profile', id: creatorId },
        details: { changed: Object.fromEntries(changed.map((k) => [k, { old: before[k], new: fields[k] }])) },
        at: now,
      });
      await flushAndAnnounce(em, profile, now);
      return profileView(profile, now);
    });
  }

  /** Whether brands may see each creator; the gateway's authorization asks before deciding. */
  /**
   * Creators a brand may send an offer to, by what its member typed: the one whose handle it is
   * (a creator gives out their handle), then visible creators whose name or handle contains it.
   */
  async find(principal: Principal, req: { q: string; limit: number }): Promise<{ items: CreatorRef[] }> {
    enforce(authorize(principal, 'marketplace:discover', { type: 'brand', brandId: principal.orgId ?? '' }));
    const em = this.uow.reader();
    const handle = req.q.replace(/^@/, '').toLowerCase();
    const fields = ['creatorId', 'handle', 'name'] as const;
    const [exact, visible] = await Promise.all([
      em.findOne(CreatorProfile, { handle }, { fields }),
      em.find(
        CreatorProfile,
        { marketplaceVisible: true, $or: [{ name: { $ilike: containsPattern(req.q) } }, { handle: { $like: containsPattern(handle) } }] },
        { fields, orderBy: [{ name: 'asc' }, { creatorId: 'asc' }], limit: req.limit },
      ),
    ]);
    const found = exact ? [exact, ...visible.filter((p) => p.creatorId !== exact.creatorId)] : visible;
    return { items: found.slice(0, req.limit).map((p) => ({ id: p.creatorId, handle: p.handle, displayName: p.name })) };
  }

  async visibility(creatorIds: string[]) {
    const rows = await this.uow.reader().find(CreatorProfile, { creatorId: { $in: creatorIds } }, { fields: ['creatorId', 'marketplaceVisible'] });
    const visible = new Map(rows.map((r) => [r.creatorId, r.marketplaceVisible]));
    return { items: creatorIds.map((creatorId) => ({ creatorId, marketplaceVisible: visible.get(creatorId) ?? false })) };
  }
}
