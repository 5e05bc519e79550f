import { z } from 'zod';
import { defineRequest } from '../contract.js';
import { pageCursor, pageLimit, pageOf } from '../common/page.js';
import {
  campaignDetailSchema,
  campaignCommandRequest,
  campaignSchema,
  createCampaignRequest,
  updateCampaignRequest,
  listTabRequest,
  MAX_COUNTS_BATCH,
  offerSchema,
  sendOfferRequest,
  tabCountsSchema,
  tabRowSchema,
} from './campaigns.schemas.js';
import { dealRowsPageSchema, dealsQuerySchema } from './deals.js';
import { createdShareLinkSchema, shareLinkSchema, shareTokenSchema } from './share-links.js';
import { isoTime } from '../common/time.js';

/**
 * Campaigns' request/reply subjects. Who is asking travels in the `tp-principal` header;
 * brands see only their own organization's campaigns and offers, a creator only their own
 * offers, an agency only creators whose grant includes `campaigns:read`.
 */
export const campaignsContracts = {
  campaignsCreate: defineRequest({
    subject: 'campaigns.campaigns.create.v1',
    description: "A brand member creates a campaign for the caller's brand.",
    request: createCampaignRequest,
    response: campaignSchema,
  }),
  campaignsList: defineRequest({
    subject: 'campaigns.campaigns.list.v1',
    description: "The caller's brand's campaigns, newest first, with offer counts per tab.",
    request: z.object({ limit: pageLimit, cursor: pageCursor.optional() }).strict(),
    response: pageOf(campaignSchema),
  }),
  campaignsGet: defineRequest({
    subject: 'campaigns.campaigns.get.v1',
    description: 'One campaign of the caller\'s brand with the status of every creator it sent an offer to (404 to anyone else).',
    request: z.object({ campaignId: z.uuid() }).strict(),
    response: campaignDetailSchema,
  }),
  campaignsUpdate: defineRequest({
    subject: 'campaigns.campaigns.update.v1',
    description:
      "A brand member edits a campaign from the version they saw (409 when stale): name, brief, dates, deliverables, audience, and the budget, which may only go up (422). A closed campaign cannot change (409).",
    request: updateCampaignRequest,
    response: campaignSchema,
  }),
  campaignsPause: defineRequest({
    subject: 'campaigns.campaigns.pause.v1',
    description: 'A brand member pauses an active campaign: it refuses new offers; offers and deals already under way go on.',
    request: campaignCommandRequest,
    response: campaignSchema,
  }),
  campaignsResume: defineRequest({
    subject: 'campaigns.campaigns.resume.v1',
    description: 'A brand member resumes a paused campaign: it takes new offers again.',
    request: campaignCommandRequest,
    response: campaignSchema,
  }),
  campaignsClose: defineRequest({
    subject: 'campaigns.campaigns.close.v1',
    description:
      'A brand member closes a campaign for good: no new offers, deals under way go on to completion. Refused (409, naming them) while offers still wait for an answer: withdraw them first.',
    request: campaignCommandRequest,
    response: campaignSchema,
  }),
  offersSend: defineRequest({
    subject: 'campaigns.offers.send.v1',
    description:
      "A brand member sends an offer to a creator: campaigns checks the campaign (active: a paused or closed one answers 409), the creator, the remaining budget (422 unless allowOverBudget), the currency (the budget's) and the rate floor, and negotiation opens it; one open offer per campaign and creator (409 for a second).",
    request: sendOfferRequest,
    response: offerSchema,
  }),
  tabsList: defineRequest({
    subject: 'campaigns.tabs.list.v1',
    description: "A creator's offers in one tab (pending, active, completed, inactive), newest first.",
    request: listTabRequest,
    response: pageOf(tabRowSchema),
  }),
  countsBatch: defineRequest({
    subject: 'campaigns.counts.batch.v1',
    description: 'Offer counts per tab for many creators at once (creator card, roster summary); creators the caller may not read are left out.',
    request: z.object({ creatorIds: z.array(z.uuid()).min(1).max(MAX_COUNTS_BATCH) }).strict(),
    response: z.object({ items: z.array(tabCountsSchema.extend({ creatorId: z.uuid() })) }),
  }),
  dealsList: defineRequest({
    subject: 'campaigns.deals.list.v1',
    description:
      "The deals inbox: every offer of the creators whose grant gives the caller's agency campaigns:read, or of the caller's brand, filtered, with counts per tab and whose move it is, newest first.",
    request: dealsQuerySchema,
    response: dealRowsPageSchema,
  }),
  shareLinksCreate: defineRequest({
    subject: 'campaigns.share-links.create.v1',
    description: "A brand member creates a read-only link to the campaign's results, valid until `expiresAt` (in the future, at most 90 days away); the answer holds the token, which is never shown again.",
    request: z.object({ campaignId: z.uuid(), expiresAt: isoTime }).strict(),
    response: createdShareLinkSchema,
  }),
  shareLinksList: defineRequest({
    subject: 'campaigns.share-links.list.v1',
    description: "The campaign's share links, newest first, revoked and expired ones included, without their tokens (the campaign's brand only).",
    request: z.object({ campaignId: z.uuid() }).strict(),
    response: z.object({ items: z.array(shareLinkSchema) }),
  }),
  shareLinksRevoke: defineRequest({
    subject: 'campaigns.share-links.revoke.v1',
    description: 'A brand member revokes a share link; it answers 404 at once. Revoking it again changes nothing.',
    request: z.object({ campaignId: z.uuid(), linkId: z.uuid() }).strict(),
    response: shareLinkSchema,
  }),
  shareLinksResolve: defineRequest({
    subject: 'campaigns.share-links.resolve.v1',
    description: "The campaign a share-link token opens, for the gateway's public report, with the member who shared it; 404 for an unknown, revoked or expired token.",
    request: z.object({ token: shareTokenSchema }).strict(),
    response: z.object({ campaign: campaignDetailSchema, sharedBy: z.uuid() }),
  }),
} as const;
