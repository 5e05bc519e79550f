import { negotiationContracts as c } from '#libs/contracts';
import { creatorFrom } from '../../auth/common.resources.js';
import { authorize, route, type RouteTable } from '../../routes/route.js';
import { offerParty } from '../negotiation/negotiation.resources.js';
import { contractDocument } from './contract-document.js';
import { monthlyStatement } from './statements.js';

const offer = { id: 'offerId' };
const payment = { id: 'paymentId' };
const tags = ['payments'];

/**
 * Money after the handshake (docs/payments.md): cancellation by agreement, the payment schedule
 * and each payment's steps, the contract and its signatures, monthly statements. Negotiation
 * decides every offer and payment route itself with the offer policy (404 to strangers, 403 to a
 * party without the role or scope), as for the rest of an offer.
 */
export const paymentsRoutes: RouteTable = {
  requestCancellation: route({
    method: 'POST',
    path: '/v1/offers/:id/cancellation',
    params: offer,
    contract: c.cancellationRequest,
    auth: offerParty,
    openapi: {
      summary: 'Either side asks to cancel accepted work by agreement, with a reason (creator side: the creator or `offers:negotiate`); the offer is `cancellation_requested` until the other side answers',
      tags,
      problems: [400, 401, 403, 404, 409, 503],
    },
  }),
  acceptCancellation: route({
    method: 'POST',
    path: '/v1/offers/:id/cancellation/accept',
    params: offer,
    contract: c.cancellationAccept,
    status: 200,
    auth: offerParty,
    openapi: {
      summary: 'The other side accepts: the offer is `cancelled` and settled by the stage table (payments no longer owed become `void`; what is owed beyond them is one `settlement` payment); of two answers at once exactly one succeeds',
      tags,
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  declineCancellation: route({
    method: 'POST',
    path: '/v1/offers/:id/cancellation/decline',
    params: offer,
    contract: c.cancellationDecline,
    status: 200,
    auth: offerParty,
    openapi: { summary: 'The other side declines: the offer returns to the status the request interrupted', tags, problems: [400, 401, 403, 404, 409, 422, 503] },
  }),
  listOfferPayments: route({
    method: 'GET',
    path: '/v1/offers/:id/payments',
    params: offer,
    contract: c.paymentsList,
    auth: offerParty,
    openapi: { summary: "The offer's payment schedule (made at acceptance), each payment with its status and split (creator net, agency commission, manager shares)", tags, problems: [400, 401, 403, 404, 503] },
  }),
  invoicePayment: route({
    method: 'POST',
    path: '/v1/payments/:id/invoice',
    params: payment,
    contract: c.paymentInvoice,
    status: 200,
    auth: offerParty,
    openapi: { summary: 'The creator side (the creator or `offers:negotiate`) invoices a payment, with its reference', tags, problems: [400, 401, 403, 404, 409, 503] },
  }),
  markPaymentPaid: route({
    method: 'POST',
    path: '/v1/payments/:id/paid',
    params: payment,
    contract: c.paymentPaid,
    status: 200,
    auth: offerParty,
    openapi: { summary: 'A brand member (manager or above) marks a payment paid, with its reference and `paidAt` (now by default; never in the future)', tags, problems: [400, 401, 403, 404, 409, 503] },
  }),
  disputePayment: route({
    method: 'POST',
    path: '/v1/payments/:id/dispute',
    params: payment,
    contract: c.paymentDispute,
    status: 200,
    auth: offerParty,
    openapi: { summary: 'Either side disputes an unpaid payment, with a reason', tags, problems: [400, 401, 403, 404, 409, 503] },
  }),
  getContract: route({
    method: 'GET',
    path: '/v1/offers/:id/contract',
    params: offer,
    contract: c.contractGet,
    auth: offerParty,
    handle: contractDocument,
    openapi: {
      summary: 'The contract of an accepted offer: parties, terms, schedule and signatures; `Accept: application/pdf` answers the same contract as a PDF naming the terms hash on every page',
      tags,
      problems: [400, 401, 403, 404, 503],
    },
  }),
  signContract: route({
    method: 'POST',
    path: '/v1/offers/:id/contract/sign',
    params: offer,
    contract: c.contractSign,
    status: 200,
    auth: offerParty,
    openapi: { summary: "A brand member (manager or above) or the creator in person signs for their party, once (a second signature is 409); the later signature starts the `contract_signed` clock", tags, problems: [400, 401, 403, 404, 409, 503] },
  }),
  getStatement: route({
    method: 'GET',
    path: '/v1/statements',
    contract: c.statement,
    auth: authorize('statements:read', creatorFrom('query')),
    handle: monthlyStatement,
    openapi: {
      summary: "A creator's payments paid in a month (`month=YYYY-MM`, UTC) with their split and totals per currency: the creator's (every payment), or an agency member's (the agency's); `Accept: text/csv` exports the lines",
      tags,
      problems: [400, 401, 403, 404, 503],
      csv: "the month's payments, one per row: paid at, campaign, brand, payment, currency, gross, creator net, agency commission, manager shares, each manager's share",
    },
  }),
  listPayments: route({
    method: 'GET',
    path: '/v1/payments',
    contract: c.paymentsOverview,
    auth: authorize('payments:read', () => ({ type: 'payments' })),
    openapi: {
      summary:
        "Payments across the caller's deals (a brand member: the brand's; the creator: their own; an agency member: roster creators whose grant lets the agency read their offers), filtered by `status` and `creatorId`, newest deal first, each with its split; totals per currency: due, overdue and paid this UTC month",
      tags,
      problems: [400, 401, 403, 404, 503],
    },
  }),
};
