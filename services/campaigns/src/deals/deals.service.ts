import { Inject, Injectable } from '@nestjs/common';
import { authorize, enforce, type GrantView } from '#libs/authz';
import { dealDeadline, workStatusOf, type DealCounts, type DealRow, type DealsQuery, type Principal, type Scope } from '#libs/contracts';
import { decodeCursor, encodeCursor } from '#libs/persistence';
import { GRANT_COPY_TABLE, UnitOfWork } from '#libs/service-defaults';
import { dealsQuery, type DealRecord, type DealsResultRow, type DealsScope } from './deals.reader.js';

function dealView(r: DealRecord, now: Date): DealRow {
  const deadline = dealDeadline(r.status, new Date(r.respond_by), r.terms.deliverables.map((d) => d.dueAt), now);
  return {
    offerId: r.id,
    campaign: { id: r.campaign_id, name: r.campaign_name },
    brand: { id: r.brand_id, name: r.brand_name },
    creator: { id: r.creator_id, handle: r.handle, displayName: r.creator_name },
    price: r.price,
    status: r.status,
    workStatus: workStatusOf(r.status),
    turn: r.turn,
    nextDeadline: deadline.next,
    overdue: r.overdue,
    belowRateCard: r.below_rate_card,
    sentAt: new Date(r.created_at).toISOString(),
  };
}

@Injectable()
export class DealsService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  /**
   * The deals inbox. A brand member sees the brand's offers; an agency member those of every
   * creator whose grant (campaigns' copy, so a revocation stops it here too) passes the same
   * campaigns:read decision a creator's own tab takes. Anyone else is refused.
   */
  async list(principal: Principal, q: DealsQuery): Promise<{ items: DealRow[]; counts: DealCounts; nextCursor: string | null }> {
    const em = this.uow.reader();
    const now = new Date();
    const scope = await this.scopeOf(principal, now);
    const { sql, params } = dealsQuery(em.config.get('schema') ?? 'public', scope, q, decodeCursor(q.cursor), now);
    const rows = await em.execute<DealsResultRow[]>(sql, params);
    const first = rows[0]!;
    const counts = {
      pending: Number(first.n_pending),
      active: Number(first.n_active),
      completed: Number(first.n_completed),
      inactive: Number(first.n_inactive),
      needsMe: Number(first.n_needsMe),
      overdue: Number(first.n_overdue),
    };
    const deals = rows.filter((r): r is DealsResultRow & DealRecord => r.id !== null);
    const items = deals.slice(0, q.limit);
    const last = items[items.length - 1];
    const nextCursor = deals.length > q.limit && last ? encodeCursor(new Date(last.created_at), last.id) : null;
    return { items: items.map((r) => dealView(r, now)), counts, nextCursor };
  }

  private async scopeOf(principal: Principal, now: Date): Promise<DealsScope> {
    enforce(authorize(principal, 'deals:read', { type: 'deals' }, now));
    if (principal.orgKind === 'brand') {
      enforce(authorize(principal, 'brand-campaigns:read', { type: 'brand', brandId: principal.orgId! }, now));
      return { side: 'brand', brandId: principal.orgId! };
    }
    // Every active grant of the agency in one plain read (hundreds of rows, no entities to track),
    // each judged by the same campaigns:read decision a creator's own tab takes.
    const em = this.uow.reader();
    const rows = await em.execute<{ grant_id: string; creator_id: string; scopes: Scope[]; expires_at: Date | null }[]>(
      `select "grant_id", "creator_id", "scopes", "expires_at" from "${em.config.get('schema') ?? 'public'}"."${GRANT_COPY_TABLE}" where "agency_id" = ? and "status" = 'active'`,
      [principal.orgId],
    );
    const creatorIds = rows
      .filter((g) => {
        const grant: GrantView = { id: g.grant_id, agencyId: principal.orgId!, creatorId: g.creator_id, status: 'active', scopes: g.scopes, expiresAt: g.expires_at };
        return authorize(principal, 'campaigns:read', { type: 'creator', creatorId: g.creator_id, grant }, now).allowed;
      })
      .map((g) => g.creator_id);
    return { side: 'creator_side', creatorIds: [...new Set(creatorIds)] };
  }
}
