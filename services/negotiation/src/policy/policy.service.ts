import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize, enforce, forbidden, unauthenticated } from '#libs/authz';
import { negotiationContracts, type PolicyView, type Principal } from '#libs/contracts';
import { RpcAuthorizer, UnitOfWork } from '#libs/service-defaults';
import { GrantProjection } from '../grants/grant-projection.entity.js';
import { OfferAccess } from '../common/offer-access.js';
import { NegotiationPolicy } from './policy.entity.js';
import { DEFAULT_POLICY, type MinimumPrice, type NegotiationPolicyFacts } from './policy.rules.js';

function view(creatorId: string, p: NegotiationPolicy | null): PolicyView {
  return {
    creatorId,
    requireConfirmation: p?.requireConfirmation ?? DEFAULT_POLICY.requireConfirmation,
    minimumPrices: p ? p.minimumPrices.map((m) => ({ deliverable: m.deliverable, price: { ...m.price } })) : [],
    version: p?.version ?? 0,
    updatedAt: p ? p.updatedAt.toISOString() : null,
  } as PolicyView;
}

/** A creator's negotiation policy: read by the creator and agencies holding a grant; written by the creator only. */
@Injectable()
export class PolicyService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(OfferAccess) private readonly access: OfferAccess,
  ) {}

  /** The policy in force, read inside a decision's transaction (share-locked so a change waits for the decision). */
  async factsFor(em: EntityManager, creatorId: string): Promise<NegotiationPolicyFacts> {
    const p = await em.findOne(NegotiationPolicy, { creatorId }, { lockMode: LockMode.PESSIMISTIC_READ });
    return p ? { requireConfirmation: p.requireConfirmation, minimumPrices: p.minimumPrices, version: p.version } : DEFAULT_POLICY;
  }

  async get(principal: Principal, creatorId: string): Promise<PolicyView> {
    const em = this.uow.reader();
    if (!(principal.kind === 'creator' && principal.userId === creatorId)) {
      const grant = principal.orgKind === 'agency' && principal.orgId ? await em.findOne(GrantProjection, { agencyId: principal.orgId, creatorId, status: 'active' }) : null;
      enforce(authorize(principal, 'profile:read', { type: 'creator', creatorId, grant }));
    }
    return view(creatorId, await em.findOne(NegotiationPolicy, { creatorId }));
  }

  /** Only the creator sets the policy; answered before the body is validated too. */
  @RpcAuthorizer(negotiationContracts.policyPut)
  async authorizePut(req: { creatorId: string }, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    if (principal.kind === 'creator' && principal.userId === req.creatorId) return;
    // An agency may know the creator (403) or not (404); either way only the creator sets the policy.
    if (principal.orgKind === 'agency' && principal.orgId) {
      const grant = await this.access.grantInForce(principal, req.creatorId);
      enforce(authorize(principal, 'profile:read', { type: 'creator', creatorId: req.creatorId, grant }));
      throw forbidden();
    }
    enforce(authorize(principal, 'profile:write', { type: 'creator', creatorId: req.creatorId }));
    throw forbidden();
  }

  async put(principal: Principal, req: { creatorId: string; requireConfirmation: boolean; minimumPrices: MinimumPrice[] }): Promise<PolicyView> {
    await this.authorizePut({ creatorId: req.creatorId }, principal);
    return this.uow.run(async (em) => {
      const now = new Date();
      let p = await em.findOne(NegotiationPolicy, { creatorId: req.creatorId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!p) {
        p = em.create(NegotiationPolicy, { creatorId: req.creatorId, requireConfirmation: req.requireConfirmation, minimumPrices: req.minimumPrices, updatedAt: now });
      } else {
        p.requireConfirmation = req.requireConfirmation;
        p.minimumPrices = req.minimumPrices;
        p.updatedAt = now;
      }
      await em.flush();
      return view(req.creatorId, p);
    });
  }
}
