import { campaignsContracts as c, dealsPageSchema } from '#libs/contracts';
import { dealsInbox } from './deals-inbox.js';
import { creatorFrom, ownBrand } from '../../auth/common.resources.js';
import { authorize, route } from '../../routes/route.js';

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
  sendOffer: route({
    method: 'POST',
    path: '/v1/campaigns/:id/offers',
    params: { id: 'campaignId' },
    contract: c.offersSend,
    auth: authorize('brand-campaigns:write', ownBrand),
    openapi: {
      summary: 'Send an offer to a creator (7 days to answer by default); flags a price under the creator\'s rate card',
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
