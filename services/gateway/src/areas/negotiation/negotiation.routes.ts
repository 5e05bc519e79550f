import { negotiationContracts as c } from '#libs/contracts';
import { creatorFrom } from '../../auth/common.resources.js';
import { namedItem, namedPage } from '../../composition/actor-names.js';
import { authorize, route, type RouteTable } from '../../routes/route.js';
import { offerParty } from './negotiation.resources.js';
import { namedOffer } from './offer-view.js';

const params = { id: 'offerId' };
const tags = ['negotiation'];

export const negotiationRoutes: RouteTable = {
  getOffer: route({
    method: 'GET',
    path: '/v1/offers/:id',
    params,
    contract: c.offersGet,
    auth: offerParty,
    handle: namedOffer,
    openapi: {
      summary:
        'Status, current version and current terms of an offer (brand; creator; agency with campaigns:read); while a cancellation waits for an answer, who asked (named), why, when, and what the settlement would be at each stage',
      tags,
      problems: [400, 401, 403, 404, 503],
    },
  }),
  listOfferVersions: route({
    method: 'GET',
    path: '/v1/offers/:id/versions',
    params,
    contract: c.versionsList,
    auth: offerParty,
    handle: namedPage,
    openapi: { summary: 'Every terms version with its author and comment; `compare=a..b` adds the fields that changed', tags, problems: [400, 401, 403, 404, 503] },
  }),
  proposeTerms: route({
    method: 'POST',
    path: '/v1/offers/:id/proposals',
    params,
    contract: c.propose,
    auth: offerParty,
    openapi: {
      summary: "Propose new terms on the version seen (`baseVersion`); a stale base is 409 naming the current version; a creator-side proposal below the creator's minimum is 422",
      tags,
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  acceptOffer: route({
    method: 'POST',
    path: '/v1/offers/:id/accept',
    params,
    contract: c.accept,
    status: 200,
    auth: offerParty,
    openapi: {
      summary: "The side that did not author the current version accepts it: a contract is frozen (SHA-256 of its terms), or an agency's accept waits for the creator's confirmation",
      tags,
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  withdrawOffer: route({
    method: 'POST',
    path: '/v1/offers/:id/withdraw',
    params,
    contract: c.offersWithdraw,
    status: 200,
    auth: offerParty,
    openapi: {
      summary: 'The brand withdraws an undecided offer; of a withdrawal and a racing answer exactly one succeeds, the other is 409 naming the status that won',
      tags,
      problems: [400, 401, 403, 404, 409, 503],
    },
  }),
  declineOffer: route({
    method: 'POST',
    path: '/v1/offers/:id/decline',
    params,
    contract: c.decline,
    status: 200,
    auth: offerParty,
    openapi: { summary: 'Either side declines an open offer, with a reason', tags, problems: [400, 401, 403, 404, 409, 503] },
  }),
  confirmOffer: route({
    method: 'POST',
    path: '/v1/offers/:id/confirm',
    params,
    contract: c.confirm,
    status: 200,
    auth: offerParty,
    openapi: { summary: "The creator confirms their agency's accept that waits for confirmation", tags, problems: [400, 401, 403, 404, 409, 503] },
  }),
  rejectOfferConfirmation: route({
    method: 'POST',
    path: '/v1/offers/:id/reject-confirmation',
    params,
    contract: c.rejectConfirmation,
    status: 200,
    auth: offerParty,
    openapi: { summary: "The creator sends their agency's accept back; the offer is open again on the same version", tags, problems: [400, 401, 403, 404, 409, 503] },
  }),
  completeOffer: route({
    method: 'POST',
    path: '/v1/offers/:id/complete',
    params,
    contract: c.complete,
    status: 200,
    auth: offerParty,
    openapi: { summary: 'The brand completes the offer once every deliverable is approved', tags, problems: [400, 401, 403, 404, 409, 422, 503] },
  }),
  listOfferMessages: route({
    method: 'GET',
    path: '/v1/offers/:id/messages',
    params,
    contract: c.messagesList,
    auth: offerParty,
    handle: namedPage,
    openapi: { summary: 'The negotiation thread, oldest first', tags, problems: [400, 401, 403, 404, 503] },
  }),
  postOfferMessage: route({
    method: 'POST',
    path: '/v1/offers/:id/messages',
    params,
    contract: c.messagesPost,
    auth: offerParty,
    handle: namedItem,
    openapi: { summary: 'Add a message to the thread (brand members; the creator; agency with offers:negotiate)', tags, problems: [400, 401, 403, 404, 503] },
  }),
  listSubmissions: route({
    method: 'GET',
    path: '/v1/offers/:id/submissions',
    params,
    contract: c.submissionsList,
    auth: offerParty,
    openapi: { summary: 'Drafts submitted under the contract, with their reviews', tags, problems: [400, 401, 403, 404, 503] },
  }),
  submitDraft: route({
    method: 'POST',
    path: '/v1/offers/:id/submissions',
    params,
    contract: c.submit,
    auth: offerParty,
    openapi: { summary: 'The creator side submits a draft for one deliverable (creator; agency with feedback:write)', tags, problems: [400, 401, 403, 404, 409, 422, 503] },
  }),
  linkDraftVideo: route({
    method: 'POST',
    path: '/v1/offers/:id/submissions/:sid/video',
    params: { ...params, sid: 'submissionId' },
    contract: c.linkVideo,
    status: 200,
    auth: offerParty,
    openapi: {
      summary:
        "The creator side names the posted video of an approved draft that named none, without a new review or revision round; the creator's own video posted at or after acceptance (else 422 naming the dates)",
      tags,
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  reviewDraft: route({
    method: 'POST',
    path: '/v1/offers/:id/submissions/:sid/review',
    params: { ...params, sid: 'submissionId' },
    contract: c.review,
    status: 200,
    auth: offerParty,
    openapi: {
      summary: "A brand member approves a draft or requests changes; each request uses one of the contract's revision rounds (over → 422 naming the limit)",
      tags,
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  getNegotiationPolicy: route({
    method: 'GET',
    path: '/v1/creators/:creatorId/negotiation-policy',
    contract: c.policyGet,
    auth: authorize('profile:read', creatorFrom('params')),
    openapi: { summary: "A creator's negotiation policy (defaults when never set): the creator and agencies holding a grant", tags, problems: [400, 401, 403, 404, 503] },
  }),
  putNegotiationPolicy: route({
    method: 'PUT',
    path: '/v1/creators/:creatorId/negotiation-policy',
    contract: c.policyPut,
    status: 200,
    // Whoever may see the creator gets through; negotiation then answers 403 to all but the creator.
    auth: authorize('profile:read', creatorFrom('params')),
    openapi: {
      summary: 'The creator (only) sets requireConfirmation and minimum prices per deliverable type',
      tags,
      problems: [400, 401, 403, 404, 503],
    },
  }),
};
