import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { agencySeesCreatorOffers, authorize, enforce, notFound } from '#libs/authz';
import { AppError, negotiationContracts as c, type PaymentRow, type PaymentsOverview, type PaymentStatus, type Principal, type Scope as GrantScope } from '#libs/contracts';
import { cursorCodec } from '#libs/persistence';
import { GRANT_COPY_TABLE, RpcAuthorizer, UnitOfWork } from '#libs/service-defaults';
import { z } from 'zod';
import { Contract, Offer } from '../offers/offer.entities.js';
import { Payment } from './payment.entities.js';
import { commissionsFor } from './payment-ledger.js';
import { splitPayment } from './commission-split.rules.js';
import { OWED_STATUSES, PAID_STATUSES, paymentTotals, utcMonth, type PaymentGroup } from './payment-overview.rules.js';

/** Whose payments a caller sees: one brand's, or those of some creators (the creator's own, or an agency's readable roster). */
type Visible = { brandId: string } | { creatorIds: string[] };

/** The page's sort key: newest schedule first (created with its acceptance), then the offer, then the schedule's order. */
const overviewCursor = cursorCodec(z.tuple([z.iso.datetime({ offset: true }), z.uuid(), z.number().int().positive()]));

export interface OverviewQuery {
  status?: PaymentStatus;
  creatorId?: string;
  cursor?: string;
  limit: number;
}

/**
 * The payments overview: every payment of the caller's deals with its split, and totals per
 * currency. A brand member sees the brand's; the creator their own; an agency member those of
 * every creator whose grant (negotiation's copy, so a revocation stops it here too) passes the
 * offer read rule (`agencySeesCreatorOffers`), as the deals inbox does.
 */
@Injectable()
export class PaymentsOverviewService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  /** Who may ask, and for which creator, answered before the rest of the query is validated. */
  @RpcAuthorizer(c.paymentsOverview)
  async authorize(req: { creatorId?: string }, principal?: Principal): Promise<void> {
    if (!principal) throw new AppError('unauthenticated', 'Authentication required');
    await this.scopeFor(this.uow.reader(), principal, req.creatorId, new Date());
  }

  async list(principal: Principal, q: OverviewQuery, now = new Date()): Promise<PaymentsOverview> {
    const em = this.uow.reader();
    const scope = await this.scopeFor(em, principal, q.creatorId, now);
    const month = utcMonth(now);
    const [totals, page] = await Promise.all([this.totals(em, scope, q.creatorId, month), this.page(em, scope, q)]);
    return { items: page.items, totals, month: month.month, nextCursor: page.nextCursor };
  }

  /** The caller's scope; a creator filter must name a creator of the caller's deals, else it is as unknown as any id (404). */
  private async scopeFor(em: EntityManager, principal: Principal, creatorId: string | undefined, now: Date): Promise<Visible> {
    const scope = await this.scopeOf(em, principal, now);
    const sees = !creatorId || ('brandId' in scope ? (await em.count(Offer, { brandId: scope.brandId, creatorId })) > 0 : scope.creatorIds.includes(creatorId));
    if (!sees) throw notFound();
    return scope;
  }

  private async scopeOf(em: EntityManager, principal: Principal, now: Date): Promise<Visible> {
    enforce(authorize(principal, 'payments:read', { type: 'payments' }, now));
    if (principal.orgKind === 'brand' && principal.orgId) return { brandId: principal.orgId };
    if (principal.kind === 'creator') return { creatorIds: [principal.userId] };
    if (principal.orgKind !== 'agency' || !principal.orgId) throw new AppError('forbidden', 'Forbidden', 'the payments overview is for creators and agency and brand members');
    // Every active grant of the agency in one plain read (hundreds of rows, no entities to track).
    const grants = await em.execute<{ grant_id: string; creator_id: string; scopes: GrantScope[]; expires_at: Date | null }[]>(
      `select "grant_id", "creator_id", "scopes", "expires_at" from "${em.config.get('schema') ?? 'public'}"."${GRANT_COPY_TABLE}" where "agency_id" = ? and "status" = 'active'`,
      [principal.orgId],
    );
    const agencyId = principal.orgId;
    const creatorIds = grants
      .filter((g) => agencySeesCreatorOffers({ id: g.grant_id, agencyId, creatorId: g.creator_id, status: 'active', scopes: g.scopes, expiresAt: g.expires_at }, now))
      .map((g) => g.creator_id);
    return { creatorIds: [...new Set(creatorIds)] };
  }

  private where(scope: Visible, creatorId: string | undefined) {
    return {
      ...('brandId' in scope ? { brandId: scope.brandId } : { creatorId: { $in: scope.creatorIds } }),
      ...(creatorId ? { creatorId } : {}),
    };
  }

  /** The totals in one grouped read, whatever the number of payments; folded by the overview rules. */
  private async totals(em: EntityManager, scope: Visible, creatorId: string | undefined, month: { from: Date; to: Date }) {
    if ('creatorIds' in scope && scope.creatorIds.length === 0) return [];
    const schema = em.config.get('schema') ?? 'public';
    const params: unknown[] = [month.from, month.to];
    // Only what can count is read: the owed, and what was paid in the month (most payments, paid long ago, are not).
    const statusIn = 'in (select jsonb_array_elements_text(?::jsonb))';
    const where = [`("status" ${statusIn} or ("status" ${statusIn} and "paid_at" >= ? and "paid_at" < ?))`];
    params.push(JSON.stringify(OWED_STATUSES), JSON.stringify(PAID_STATUSES), month.from, month.to);
    if ('brandId' in scope) {
      where.push('"brand_id" = ?');
      params.push(scope.brandId);
    } else {
      // Hundreds of creator ids travel as one JSON parameter, not one placeholder each.
      where.push('"creator_id" in (select jsonb_array_elements_text(?::jsonb)::uuid)');
      params.push(JSON.stringify(scope.creatorIds));
    }
    if (creatorId) {
      where.push('"creator_id" = ?');
      params.push(creatorId);
    }
    const rows = await em.execute<{ currency: string; status: PaymentStatus; paid_this_month: boolean; amount: string }[]>(
      `select "amount"->>'currency' as "currency", "status", coalesce("paid_at" >= ? and "paid_at" < ?, false) as "paid_this_month",
              sum(("amount"->>'amount')::bigint) as "amount"
         from "${schema}"."payments" where ${where.join(' and ')} group by 1, 2, 3`,
      params,
    );
    const groups: PaymentGroup[] = rows.map((r) => ({ currency: r.currency, status: r.status, paidThisMonth: r.paid_this_month, amount: Number(r.amount) }));
    return paymentTotals(groups);
  }

  private async page(em: EntityManager, scope: Visible, q: OverviewQuery): Promise<{ items: PaymentRow[]; nextCursor: string | null }> {
    if ('creatorIds' in scope && scope.creatorIds.length === 0) return { items: [], nextCursor: null };
    const after = overviewCursor.decode(q.cursor);
    const cursor = after
      ? {
          $or: [
            { createdAt: { $lt: new Date(after[0]) } },
            { createdAt: new Date(after[0]), offerId: { $lt: after[1] } },
            { createdAt: new Date(after[0]), offerId: after[1], seq: { $gt: after[2] } },
          ],
        }
      : {};
    const rows = await em.find(
      Payment,
      { ...this.where(scope, q.creatorId), ...(q.status ? { status: q.status } : {}), ...cursor },
      { orderBy: [{ createdAt: 'desc' }, { offerId: 'desc' }, { seq: 'asc' }], limit: q.limit + 1 },
    );
    const shown = rows.slice(0, q.limit);
    const offerIds = [...new Set(shown.map((p) => p.offerId))];
    const [offers, contracts] = await Promise.all([em.find(Offer, { id: { $in: offerIds } }), em.find(Contract, { offerId: { $in: offerIds } })]);
    const offerOf = new Map(offers.map((o) => [o.id, o]));
    const acceptedAt = new Map(contracts.map((c) => [c.offerId, c.acceptedAt]));
    const commissionOf = await commissionsFor(em, shown, acceptedAt);
    const items = shown.map((p): PaymentRow => {
      const offer = offerOf.get(p.offerId);
      if (!offer || !acceptedAt.has(p.offerId)) throw new AppError('internal', 'Payments overview', `payment ${p.id} has no offer or contract`);
      return {
        id: p.id,
        offerId: p.offerId,
        campaign: { id: offer.campaignId, name: offer.campaignName ?? null },
        brand: { id: offer.brandId, name: offer.brandName ?? null },
        creator: { id: offer.creatorId, handle: offer.creatorHandle ?? null, displayName: offer.creatorName ?? null },
        seq: p.seq,
        kind: p.kind,
        name: p.name,
        amount: p.amount,
        dueAt: p.dueAt?.toISOString() ?? null,
        status: p.status,
        paidAt: p.paidAt?.toISOString() ?? null,
        split: splitPayment(p.amount.amount, p.creatorId, commissionOf(p)),
      };
    });
    const last = shown[shown.length - 1];
    const nextCursor = rows.length > q.limit && last ? overviewCursor.encode([last.createdAt.toISOString(), last.offerId, last.seq]) : null;
    return { items, nextCursor };
  }
}
