import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, contractEvents, type ContractDocument, type Principal } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { UnitOfWork } from '#libs/service-defaults';
import { OfferAccess } from '../access/negotiation-access.js';
import { NegotiationAudit } from '../audit/negotiation-audit.js';
import { Contract, type Offer } from '../offers/offer.entities.js';
import { PaymentLedger, scheduleView } from '../payments/payment-ledger.js';
import { Signature } from './signature.entity.js';
import { renderContractPdf } from './contract.pdf.js';

function noContract(offer: Offer): AppError {
  return new AppError('conflict', 'No contract', `The offer is ${offer.status}; it has no contract until it is accepted`);
}

/**
 * The contract document (parties, terms, schedule, signatures) as JSON or PDF, and its
 * signatures: each party signs once, and the later of the two starts the `contract_signed` clock.
 */
@Injectable()
export class ContractService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(OfferAccess) private readonly access: OfferAccess,
    @Inject(NegotiationAudit) private readonly audit: NegotiationAudit,
    @Inject(PaymentLedger) private readonly ledger: PaymentLedger,
  ) {}

  async get(principal: Principal, offerId: string): Promise<ContractDocument> {
    const em = this.uow.reader();
    const { offer } = await this.access.read(em, principal, offerId);
    return this.document(em, offer);
  }

  /** The same document as a PDF, base64 on the bus (the gateway sends the bytes). */
  async pdf(principal: Principal, offerId: string): Promise<{ contentType: 'application/pdf'; filename: string; base64: string }> {
    const doc = await this.get(principal, offerId);
    return { contentType: 'application/pdf', filename: `contract-${doc.id}.pdf`, base64: (await renderContractPdf(doc)).toString('base64') };
  }

  sign(principal: Principal, req: { offerId: string }): Promise<ContractDocument> {
    return this.access.write(principal, req.offerId, 'sign', async (em, party) => {
      const { offer, side, actor } = party;
      const now = new Date();
      const contract = await em.findOne(Contract, { offerId: offer.id });
      if (!contract || offer.status === 'cancelled') throw noContract(offer);
      const signed = await em.find(Signature, { contractId: contract.id });
      if (signed.some((s) => s.party === side)) throw new AppError('conflict', 'Already signed', `The ${side} side signed this contract already; each party signs once`);
      const signature = em.create(Signature, { contractId: contract.id, party: side, userId: principal.userId, name: side === 'creator' ? (offer.creatorName ?? null) : null, grantId: actor.grantId, signedAt: now });
      em.persist(signature);
      const fullySigned = signed.length === 1;
      this.audit.record(em, { ...party.audit, offerId: offer.id, action: 'contract.signed', forCreator: true, details: { contractId: contract.id, party: side, termsHash: contract.termsHash, fullySigned } }, now);
      // The later signature starts the contract_signed clock.
      if (fullySigned) await this.ledger.occur(em, offer, [{ type: 'contract_signed', at: now }], { actor, actorOrg: party.audit.actorOrg }, now);
      await em.flush();
      enqueueEvent(em, contractEvents.signed, {
        aggregateId: contract.id,
        aggregateVersion: signed.length + 1,
        payload: { contractId: contract.id, offerId: offer.id, creatorId: offer.creatorId, brandId: offer.brandId, termsHash: contract.termsHash, party: side, userId: principal.userId, signedAt: now.toISOString(), fullySigned },
      });
      return this.document(em, offer);
    });
  }

  private async document(em: EntityManager, offer: Offer): Promise<ContractDocument> {
    const contract = await em.findOne(Contract, { offerId: offer.id });
    if (!contract) throw noContract(offer);
    const signatures = await em.find(Signature, { contractId: contract.id }, { orderBy: { signedAt: 'asc' } });
    return {
      id: contract.id,
      offerId: offer.id,
      version: contract.termsVersion,
      termsHash: contract.termsHash,
      acceptedAt: contract.acceptedAt.toISOString(),
      parties: {
        brand: { id: offer.brandId, name: offer.brandName ?? null },
        creator: { id: offer.creatorId, handle: offer.creatorHandle ?? null, name: offer.creatorName ?? null },
        campaign: { id: offer.campaignId, name: offer.campaignName ?? null },
        acceptedBy: contract.parties.acceptedBy as ContractDocument['parties']['acceptedBy'],
      },
      terms: contract.terms,
      schedule: await scheduleView(em, offer, contract),
      signatures: signatures.map((s) => ({ party: s.party, userId: s.userId, name: s.name ?? null, signedAt: s.signedAt.toISOString() })),
      signedAt: signatures.length === 2 ? signatures[1]!.signedAt.toISOString() : null,
    };
  }
}
