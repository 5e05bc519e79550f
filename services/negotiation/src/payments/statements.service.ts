import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '#libs/authz';
import { AppError, type Principal, type Statement } from '#libs/contracts';
import { grantsOf, UnitOfWork } from '#libs/service-defaults';
import { Contract, Offer } from '../offers/offer.entities.js';
import { Payment } from './payment.entities.js';
import { commissionAt, paymentView } from './payment-ledger.js';
import { splitTotals } from './commission-split.rules.js';

/** The first instant of `YYYY-MM` and of the month after, in UTC. */
function monthRange(month: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return [new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m, 1))];
}

/**
 * Monthly statements: the payments of a creator paid in a month, each with its split. The
 * creator sees every payment; an agency member (the agency holding a grant in force for the
 * creator) sees the payments the agency's commission splits. Anyone else: 404.
 */
@Injectable()
export class StatementsService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  async get(principal: Principal, req: { creatorId: string; month: string }): Promise<Statement> {
    const em = this.uow.reader();
    const agencyId = await this.agencyAsking(em, principal, req.creatorId);
    const [from, to] = monthRange(req.month);
    const rows = await em.find(
      Payment,
      { creatorId: req.creatorId, status: 'paid', paidAt: { $gte: from, $lt: to }, ...(agencyId ? { agencyId } : {}) },
      { orderBy: [{ paidAt: 'asc' }, { id: 'asc' }] },
    );
    const offers = new Map((await em.find(Offer, { id: { $in: [...new Set(rows.map((r) => r.offerId))] } })).map((o) => [o.id, o]));
    const contracts = new Map((await em.find(Contract, { offerId: { $in: [...offers.keys()] } })).map((c) => [c.offerId, c]));
    const items = [];
    for (const p of rows) {
      const offer = offers.get(p.offerId);
      const contract = contracts.get(p.offerId);
      if (!offer || !contract) throw new AppError('internal', 'Statement', `payment ${p.id} has no offer or contract`);
      const view = paymentView(p, await commissionAt(em, p.agencyId ?? null, p.creatorId, contract.acceptedAt));
      items.push({ paymentId: p.id, offerId: p.offerId, campaignName: offer.campaignName ?? null, brandName: offer.brandName ?? null, name: p.name, paidAt: view.paidAt!, amount: p.amount, split: view.split });
    }
    const byCurrency = new Map<string, Statement['totals'][number]>();
    for (const item of items) {
      const t = byCurrency.get(item.amount.currency) ?? { currency: item.amount.currency, gross: 0, creatorNet: 0, agencyCommission: 0, managerShares: 0 };
      const s = splitTotals(item.split);
      Object.assign(t, { gross: t.gross + item.amount.amount, creatorNet: t.creatorNet + s.creatorNet, agencyCommission: t.agencyCommission + s.agencyCommission, managerShares: t.managerShares + s.managerShares });
      byCurrency.set(item.amount.currency, t);
    }
    return { creatorId: req.creatorId, agencyId, month: req.month, items, totals: [...byCurrency.values()] };
  }

  /** Null for the creator themselves; the agency for a member of one holding a grant in force for the creator; 404 for anyone else. */
  private async agencyAsking(em: ReturnType<UnitOfWork['reader']>, principal: Principal, creatorId: string): Promise<string | null> {
    if (principal.kind === 'creator' && principal.userId === creatorId) return null;
    if (principal.orgKind !== 'agency' || !principal.orgId) throw notFound();
    if (!(await grantsOf(em, principal.orgId, [creatorId])).get(creatorId)) throw notFound();
    return principal.orgId;
  }
}
