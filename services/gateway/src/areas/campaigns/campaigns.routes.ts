import { campaignPerformanceSchema, campaignsContracts as c, dealsPageSchema } from '#libs/contracts';
import { campaignPerformance } from './campaign-performance.js';
import { createShareLink, sharedLinkCreatedSchema, sharedReport, sharedReportSchema } from './share-links.js';
import { dealsInbox } from './deals-inbox.js';
import { creatorFrom, ownBrand } from '../../auth/common.resources.js';
import { authorize, publicRoute, route } from '../../routes/route.js';

/** Brand campaigns, offers, the creator's campaign tabs and the deals inbox (docs/domain.md, "Campaigns and offers" and "Deals inbox"). */
export const campaignsRoutes = {
  createCampaign: route({
    method: 'POST',
    path: '/v1/campaigns',
    contract: c.campaignsCreate,
    auth: authorize('brand-campaigns:write', ownBrand),
    openapi: { summary: "Create a campaign for the caller's brand", tags: ['campaigns'], problems: [400, 401, 403, 503] },
  }),
  listCampaigns: route({
    method: 'GET',
    path: '/v1/campaigns',
    contract: c.campaignsList,
    auth: authorize('brand-campaigns:read', ownBrand),
    openapi: { summary: "The brand's campaigns, newest first, with offer counts per tab", tags: ['campaigns'], problems: [400, 401, 403, 503] },
  }),
  getCampaign: route({
    method: 'GET',
    path: '/v1/campaigns/:id',
    params: { id: 'campaignId' },
    contract: c.campaignsGet,
    auth: authorize('brand-campaigns:read', ownBrand),
    openapi: { summary: 'One campaign with the status of every creator it sent an offer to', tags: ['campaigns'], problems: [400, 401, 403, 404, 503] },
  }),
  updateCampaign: route({
    method: 'PATCH',
    path: '/v1/campaigns/:id',
    params: { id: 'campaignId' },
    contract: c.campaignsUpdate,
    auth: authorize('brand-campaigns:write', ownBrand),
    openapi: {
      summary: 'Edit a campaign from the version you read (409 when stale): name, brief, dates, deliverable lines, audience; the budget may only go up (422)',
      tags: ['campaigns'],
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  pauseCampaign: route({
    method: 'POST',
    path: '/v1/campaigns/:id/pause',
    params: { id: 'campaignId' },
    contract: c.campaignsPause,
    status: 200,
    auth: authorize('brand-campaigns:write', ownBrand),
    openapi: { summary: 'Pause an active campaign: no new offers; offers and deals under way go on', tags: ['campaigns'], problems: [400, 401, 403, 404, 409, 503] },
  }),
  resumeCampaign: route({
    method: 'POST',
    path: '/v1/campaigns/:id/resume',
    params: { id: 'campaignId' },
    contract: c.campaignsResume,
    status: 200,
    auth: authorize('brand-campaigns:write', ownBrand),
    openapi: { summary: 'Resume a paused campaign: it takes new offers again', tags: ['campaigns'], problems: [400, 401, 403, 404, 409, 503] },
  }),
  closeCampaign: route({
    method: 'POST',
    path: '/v1/campaigns/:id/close',
    params: { id: 'campaignId' },
    contract: c.campaignsClose,
    status: 200,
    auth: authorize('brand-campaigns:write', ownBrand),
    openapi: {
      summary: 'Close a campaign for good: no new offers, deals under way go on; 409 naming the offers still waiting for an answer (withdraw them first)',
      tags: ['campaigns'],
      problems: [400, 401, 403, 404, 409, 503],
    },
  }),
  campaignPerformance: route({
    method: 'GET',
    path: '/v1/campaigns/:id/performance',
    params: { id: 'campaignId' },
    contract: c.campaignsGet,
    auth: authorize('brand-campaigns:read', ownBrand),
    handle: campaignPerformance,
    openapi: {
      summary:
        "A campaign's results (its brand's members): budget, committed (each accepted deal's payment schedule, a cancelled one's settlement), paid and remaining; views, engagements, CPM and CPE over the deals' approved, verified videos; a row per deal",
      tags: ['campaigns'],
      problems: [400, 401, 403, 404, 503],
      response: campaignPerformanceSchema,
      csv: 'one row per deal: creator, handle, status, price, committed and paid with their currency, views, engagements, engagement rate, CPM, CPE, videos counted and not counted',
    },
  }),
  createShareLink: route({
    method: 'POST',
    path: '/v1/campaigns/:id/share-links',
    params: { id: 'campaignId' },
    contract: c.shareLinksCreate,
    auth: authorize('brand-campaigns:write', ownBrand),
    // The answer's URL holds the token: no service keeps a copy of it.
    credentials: true,
    handle: createShareLink,
    openapi: {
      summary: "Create a read-only link to the campaign's results that needs no login, valid until `expiresAt` (at most 90 days); the URL is shown only in this answer",
      tags: ['campaigns'],
      problems: [400, 401, 403, 404, 422, 503],
      response: sharedLinkCreatedSchema,
    },
  }),
  listShareLinks: route({
    method: 'GET',
    path: '/v1/campaigns/:id/share-links',
    params: { id: 'campaignId' },
    contract: c.shareLinksList,
    auth: authorize('brand-campaigns:read', ownBrand),
    openapi: { summary: "The campaign's share links, newest first, with their status (active, expired, revoked), never their tokens", tags: ['campaigns'], problems: [400, 401, 403, 404, 503] },
  }),
  revokeShareLink: route({
    method: 'DELETE',
    path: '/v1/campaigns/:id/share-links/:linkId',
    params: { id: 'campaignId' },
    contract: c.shareLinksRevoke,
    auth: authorize('brand-campaigns:write', ownBrand),
    openapi: { summary: 'Revoke a share link: it answers 404 from now on', tags: ['campaigns'], problems: [400, 401, 403, 404, 503] },
  }),
  sharedReport: route({
    method: 'GET',
    path: '/v1/shared/:token',
    contract: c.shareLinksResolve,
    auth: publicRoute("the share link's token is the credential, and it opens one campaign's results read-only (rate limited per address; 404 once revoked or expired)"),
    handle: sharedReport,
    openapi: {
      summary: "A campaign's results through a share link, without login: read-only, names but no ids, `X-Robots-Tag: noindex`; 404 once revoked or expired, 429 past the per-address rate",
      tags: ['campaigns'],
      problems: [400, 404, 429, 503],
      response: sharedReportSchema,
    },
  }),
  sendOffer: route({
    method: 'POST',
    path: '/v1/campaigns/:id/offers',
    params: { id: 'campaignId' },
    contract: c.offersSend,
    auth: authorize('brand-campaigns:write', ownBrand),
    openapi: {
      summary:
        "Send an offer to a creator (7 days to answer by default); flags a price under the creator's rate card; 409 from a paused or closed campaign; 422 over the remaining budget unless allowOverBudget",
      tags: ['campaigns'],
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  creatorCampaigns: route({
    method: 'GET',
    path: '/v1/creators/:creatorId/campaigns',
    contract: c.tabsList,
    auth: authorize('campaigns:read', creatorFrom('params')),
    openapi: {
      summary: "A creator's offers in one tab (pending, active, completed, inactive), newest first",
      tags: ['campaigns'],
      problems: [400, 401, 403, 404, 503],
    },
  }),
  deals: route({
    method: 'GET',
    path: '/v1/deals',
    contract: c.dealsList,
    auth: authorize('deals:read', () => ({ type: 'deals' })),
    // Filled by the handler from roster's assignments when `assignee` is given.
    server: { assignedCreatorIds: () => undefined },
    handle: dealsInbox,
    openapi: {
      summary:
        "The deals inbox: every offer of the agency's creators (grants with campaigns:read) or of the brand, by tab, whose move it is, overdue, assignee, creator, brand, campaign or text, with counts; Accept: text/csv exports every matching row",
      tags: ['campaigns'],
      problems: [400, 401, 403, 422, 503],
      response: dealsPageSchema,
      csv: 'every matching deal from `cursor` on, in pages of `limit`: campaign, brand, creator, handle, price and currency, status, work, whose move, next deadline, overdue, below rate card, managers, sent at',
    },
  }),
};
