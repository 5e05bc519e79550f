import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '#libs/authz';
import { AppError, rateEvents, type Principal, type RateCard as RateCardDto, type RateChange as RateChangeDto, type RateItem } from '#libs/contracts';
import { enqueueEvent, RequestClient } from '#libs/messaging';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { auditActorOf, grantInForce, recordForCreator, UnitOfWork } from '#libs/service-defaults';
import { allowedOnRoster, authorizeCreator, authorizeCreatorWith } from '../access/roster-access.js';
import { CreatorProfile } from '../profiles/profile.entity.js';
import { RateCard, RateChange } from './rate-card.entity.js';
import { RosterMembership } from '../roster/membership.entity.js';
import { sameRates, validateRateCard } from './rate-card.rules.js';
import { assertCurrentVersion, requireVersion } from '../common/versioning.rules.js';

/** What a rate card view is made of, from the entity or a plain row. */
export type StoredRateCard = Pick<RateCard, 'items' | 'version' | 'updatedAt'>;

export function cardView(creatorId: string, card: StoredRateCard | null): RateCardDto {
  return card
    ? { creatorId, items: card.items, version: card.version, updatedAt: card.updatedAt.toISOString() }
    : { creatorId, items: [], version: 0, updatedAt: null };
}

/**
 * The changes as the history shows them, each writer with the agency whose grant they used (from
 * the memberships, which keep ended grants); a creator's own write has none. Names are left to
 * identity (the gateway fills them in).
 */
async function changeViews(em: EntityManager, changes: RateChange[]): Promise<RateChangeDto[]> {
  const grantIds = [...new Set(changes.flatMap((c) => (c.grantId ? [c.grantId] : [])))];
  const memberships = grantIds.length ? await em.find(RosterMembership, { grantId: { $in: grantIds } }, { fields: ['grantId', 'agencyId'] }) : [];
  const agencyOf = new Map(memberships.map((m) => [m.grantId, m.agencyId]));
  return changes.map((c) => {
    const agencyId = c.grantId ? agencyOf.get(c.grantId) : undefined;
    return {
      version: c.version,
      changedAt: c.changedAt.toISOString(),
      changedBy: c.changedBy,
      grantId: c.grantId ?? null,
      actor: { userId: c.changedBy, name: null, organization: agencyId ? { id: agencyId, name: null, kind: 'agency' } : null },
      old: c.oldItems,
      new: c.newItems,
    };
  });
}

/**
 * Rate cards: read by grant holders and (for visible creators) brands, written by the creator
 * or through a grant with `rates:write` (identity's, as of the write). Every write names the version it replaces, keeps the
 * change in the history, and emits `roster.evt.rates.changed.v1` — all in one transaction.
 */
@Injectable()
export class RatesService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(RequestClient) private readonly requests: RequestClient,
  ) {}

  async get(principal: Principal, creatorId: string): Promise<RateCardDto> {
    const em = this.uow.reader();
    await this.readable(em, principal, creatorId);
    return cardView(creatorId, await em.findOne(RateCard, { creatorId }));
  }

  /** The cards of the given creators the caller's agency may read now, in one read (the roster's export, a page at a time). */
  async ofRoster(principal: Principal, creatorIds: string[]): Promise<{ items: RateCardDto[] }> {
    const em = this.uow.reader();
    const readable = await allowedOnRoster(em, principal, 'rates:read', creatorIds);
    const cards = readable.length ? await em.find(RateCard, { creatorId: { $in: readable } }) : [];
    const byCreator = new Map(cards.map((card) => [card.creatorId, card]));
    return { items: readable.map((creatorId) => cardView(creatorId, byCreator.get(creatorId) ?? null)) };
  }

  async history(principal: Principal, req: { creatorId: string; limit: number; cursor?: string }) {
    const em = this.uow.reader();
    await this.readable(em, principal, req.creatorId);
    const rows = await em.find(
      RateChange,
      { creatorId: req.creatorId, ...afterCursor(decodeCursor(req.cursor), 'changedAt') },
      { orderBy: [{ changedAt: 'desc' }, { id: 'desc' }], limit: req.limit + 1 },
    );
    const { items, nextCursor } = page(rows, req.limit, (c) => ({ at: c.changedAt, id: c.id }));
    return { items: await changeViews(em, items), nextCursor };
  }

  async put(principal: Principal, req: { creatorId: string; items: RateItem[]; version?: number }): Promise<RateCardDto> {
    try {
      return await this.write(principal, req);
    } catch (err) {
      // Two first writes of one card race on its insert: the loser's version is stale.
      if (err instanceof UniqueConstraintViolationException) {
        throw new AppError('conflict', 'Version conflict', 'The rate card changed at the same time; reload and retry');
      }
      throw err;
    }
  }

  private async write(principal: Principal, req: { creatorId: string; items: RateItem[]; version?: number }): Promise<RateCardDto> {
    const grant = await grantInForce(this.requests, principal, req.creatorId);
    return this.uow.run(async (em) => {
      const profile = await em.findOne(CreatorProfile, { creatorId: req.creatorId });
      const access = await authorizeCreatorWith(em, principal, 'rates:write', req.creatorId, grant, profile);
      if (!profile) throw notFound();
      // Authorize, then validate: only who may write the card hears what is wrong with it.
      const items = validateRateCard(req.items);
      const expected = requireVersion(req.version);
      // The card row is the lock: two writers of one card queue here, and the second sees the new version.
      const card = await em.findOne(RateCard, { creatorId: req.creatorId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const current = card?.version ?? 0;
      assertCurrentVersion('rate card', current, expected);
      const old = card?.items ?? [];
      if (card && sameRates(old, items)) return cardView(req.creatorId, card);
      const now = new Date();
      const version = current + 1;
      const next = card ?? em.create(RateCard, { creatorId: req.creatorId, items, version, updatedAt: now });
      Object.assign(next, { items, version, updatedAt: now });
      em.create(RateChange, {
        id: randomUUID(),
        creatorId: req.creatorId,
        version,
        changedAt: now,
        changedBy: principal.userId,
        grantId: access.grantId,
        oldItems: old,
        newItems: items,
      });
      enqueueEvent(em, rateEvents.changed, {
        aggregateId: req.creatorId,
        aggregateVersion: version,
        payload: { creatorId: req.creatorId, version, items, changedAt: now.toISOString(), changedBy: principal.userId },
      });
      recordForCreator(em, { by: 'roster', actor: auditActorOf(principal), action: 'rates.updated', onBehalfOf: req.creatorId, grantId: access.grantId, target: { type: 'rate-card', id: req.creatorId }, details: { version, old, new: items }, at: now });
      await em.flush();
      return cardView(req.creatorId, next);
    });
  }

  /** Unknown creators and strangers get the same 404. */
  private async readable(em: ReturnType<UnitOfWork['reader']>, principal: Principal, creatorId: string) {
    const profile = await em.findOne(CreatorProfile, { creatorId });
    await authorizeCreator(em, principal, 'rates:read', creatorId, profile);
    if (!profile) throw notFound();
  }
}
