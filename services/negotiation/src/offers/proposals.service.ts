import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, assertSameCurrency, type OfferView, type Principal, type Terms } from '#libs/contracts';
import { SERVICE_CONFIG, UnitOfWork } from '#libs/service-defaults';
import type { NegotiationConfig } from '../negotiation.config.js';
import { pendingCancellation } from '../cancellation/cancellation.views.js';
import { OfferAccess } from '../access/negotiation-access.js';
import { NegotiationAudit } from '../audit/negotiation-audit.js';
import { PolicyService } from '../policy/policy.service.js';
import { assertAboveFloor } from '../policy/policy.rules.js';
import { diffTerms, parseCompare } from '../terms/terms.diff.js';
import { TermsVersion } from './offer.entities.js';
import { transition } from './offer.state-machine.js';
import { currentTerms, offerView, termsVersionView } from './offer.views.js';
import { actorNamer } from './offer-actors.js';
import { enqueueOfferEvent } from './offer-events.js';

/** Reading an offer and its terms history, and proposing new terms on a version. */
@Injectable()
export class ProposalsService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(OfferAccess) private readonly access: OfferAccess,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(NegotiationAudit) private readonly audit: NegotiationAudit,
    @Inject(SERVICE_CONFIG) private readonly config: NegotiationConfig,
  ) {}

  async get(principal: Principal, offerId: string): Promise<OfferView> {
    const em = this.uow.reader();
    const { offer } = await this.access.read(em, principal, offerId);
    const [view, cancellation] = await Promise.all([offerView(em, offer), pendingCancellation(em, offer, this.config.CANCELLATION_SETTLEMENT)]);
    return { ...view, cancellation };
  }

  async versions(principal: Principal, req: { offerId: string; compare?: string }) {
    const em = this.uow.reader();
    const { offer } = await this.access.read(em, principal, req.offerId);
    const rows = await em.find(TermsVersion, { offerId: req.offerId }, { orderBy: { number: 'asc' } });
    let changes = null;
    if (req.compare) {
      const wanted = parseCompare(req.compare);
      const from = rows.find((r) => r.number === wanted.from);
      const to = rows.find((r) => r.number === wanted.to);
      if (!from || !to) {
        throw new AppError('validation', 'Invalid input', `compare names a version the offer does not have (it has 1..${rows.length})`, [
          { path: 'compare', message: `Versions run from 1 to ${rows.length}` },
        ]);
      }
      changes = { from: from.number, to: to.number, fields: diffTerms(from.terms, to.terms) };
    }
    const views = rows.map((v) => termsVersionView(v, offer));
    const actorOf = await actorNamer(em, offer, views.map((v) => v.author));
    return { items: views.map((v) => ({ ...v, actor: actorOf(v.author) })), changes };
  }

  /**
   * Under the offer's lock: of concurrent proposals on one base version the first to lock
   * wins and every other one finds the version moved on (409 naming it); none is lost.
   */
  propose(principal: Principal, req: { offerId: string; baseVersion: number; terms: Terms; comment?: string }) {
    return this.access.write(principal, req.offerId, 'negotiate', async (em, { offer, side, actor, audit }) => {
      const now = new Date();
      const t = transition(offer, { type: 'propose', side, baseVersion: req.baseVersion }, now);
      assertSameCurrency(req.terms.price, (await currentTerms(em, offer)).terms.price.currency, 'terms.price.currency', 'offer');
      const policy = side === 'creator' ? await this.policies.factsFor(em, offer.creatorId) : null;
      if (policy) assertAboveFloor(policy, req.terms, side, 'propose');
      em.persist(
        em.create(TermsVersion, {
          id: randomUUID(),
          offerId: offer.id,
          number: t.currentVersion,
          terms: req.terms,
          authorSide: side,
          actorUserId: actor.userId,
          onBehalfOf: actor.onBehalfOf,
          grantId: actor.grantId,
          policyVersion: policy?.version ?? null,
          comment: req.comment ?? null,
          createdAt: now,
        }),
      );
      Object.assign(offer, { status: t.status, currentVersion: t.currentVersion, currentAuthor: t.currentAuthor, updatedAt: now });
      this.audit.record(em, { ...audit, offerId: offer.id, action: 'offer.proposed', policyVersion: policy?.version, details: { version: t.currentVersion, price: req.terms.price } }, now);
      await em.flush();
      enqueueOfferEvent(em, offer, 'proposed', actor, now, { price: req.terms.price });
      return { version: t.currentVersion, status: t.status, policyVersion: policy?.version ?? null };
    });
  }
}
