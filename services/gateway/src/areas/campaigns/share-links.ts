import { z } from 'zod';
import {
  campaignPerformanceCreatorSchema,
  campaignPerformanceSchema,
  campaignsContracts,
  shareLinkSchema,
  type CampaignPerformance,
  type Principal,
} from '#libs/contracts';
import { clientAddress } from '../../auth/request-context.js';
import { RateWindow } from '../../http/rate-window.js';
import type { RouteContext } from '../../routes/route.js';
import { performanceOfCampaign } from './campaign-performance.js';

/** The creating answer: the link and the URL to hand out (the token is in it, shown this once). */
export const sharedLinkCreatedSchema = shareLinkSchema.extend({ url: z.url() });

/**
 * What a shared report shows: the campaign's results with names, and no id of the brand, the
 * campaign, its offers or its creators — whoever holds the link learns nothing to look up.
 */
export const sharedReportSchema = campaignPerformanceSchema.omit({ campaignId: true }).extend({
  creators: z.array(campaignPerformanceCreatorSchema.omit({ creatorId: true })),
});
export type SharedReport = z.infer<typeof sharedReportSchema>;

export function sharedReportOf(performance: CampaignPerformance): SharedReport {
  const { campaignId: _campaign, creators, ...rest } = performance;
  return { ...rest, creators: creators.map(({ creatorId: _creator, ...row }) => row) };
}

/** POST /v1/campaigns/{id}/share-links: the portal page a token opens is `/shared/{token}`. */
export async function createShareLink(ctx: RouteContext<typeof campaignsContracts.shareLinksCreate>): Promise<z.infer<typeof sharedLinkCreatedSchema>> {
  const { token, ...link } = await ctx.call();
  return { ...link, url: new URL(`/shared/${token}`, String(ctx.config.PORTAL_URL)).toString() };
}

let limiter: RateWindow | undefined;

/**
 * GET /v1/shared/{token}: rate limited per client address before anything is looked up; the
 * token opens the campaign (campaigns answers 404 once revoked or expired), and the rest is
 * read as a viewer of the brand, in the name of the member who shared it.
 */
export async function sharedReport(ctx: RouteContext<typeof campaignsContracts.shareLinksResolve>): Promise<SharedReport> {
  limiter ??= new RateWindow(Number(ctx.config.SHARED_REPORT_MAX_PER_MINUTE ?? 60), 60_000);
  limiter.hit(clientAddress(ctx.request, Number(ctx.config.AUTH_TRUSTED_PROXY_HOPS ?? 0)) ?? 'unknown');
  const { campaign, sharedBy } = await ctx.call();
  const principal: Principal = { userId: sharedBy, kind: 'brand', orgId: campaign.brand.id, orgKind: 'brand', role: 'viewer' };
  return sharedReportOf(await performanceOfCampaign(campaign, (contract, payload) => ctx.send(contract, payload, { principal })));
}
