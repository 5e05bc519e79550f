import { decodeJwt } from 'jose';
import { accessTokenClaimsSchema, campaignsContracts as cc, principalFromClaims, type Principal } from '#libs/contracts';
import type { RequestClient } from '#libs/messaging';
import { eventually } from '#libs/testing';

const DAY = 86_400_000;

/** The principal an access token carries, as the gateway forwards it. */
export const principalOfToken = (accessToken: string): Principal => principalFromClaims(accessTokenClaimsSchema.parse(decodeJwt(accessToken)));

/**
 * A campaign and an offer from `brand` to `creator`, sent through campaigns' own subjects
 * (campaigns learns of new creators from identity's events, so the send is retried until it does).
 */
export async function sendOfferThroughCampaigns(client: RequestClient, brand: Principal, creatorId: string, opts: { price?: number; revisionRounds?: number } = {}) {
  const now = Date.now();
  const dueAt = new Date(now + 30 * DAY).toISOString();
  const campaign = await client.request(
    cc.campaignsCreate,
    {
      name: 'Winter launch',
      budget: { amount: 10_000_000, currency: 'USD' },
      startsAt: new Date(now + DAY).toISOString(),
      endsAt: new Date(now + 60 * DAY).toISOString(),
      deliverables: [{ type: 'video', quantity: 1, dueAt }],
    },
    { principal: brand },
  );
  const offer = await eventually(
    () =>
      client.request(
        cc.offersSend,
        {
          campaignId: campaign.id,
          creatorId,
          price: { amount: opts.price ?? 250_000, currency: 'USD' },
          deliverables: [{ type: 'video', quantity: 1, dueAt }],
          terms: { paymentTerms: { upfrontPercent: 30, netDays: 30 }, usageRightsDays: 90, exclusivityDays: 30, revisionRounds: opts.revisionRounds ?? 1, reviewWindowDays: 14 },
        },
        { principal: brand },
      ),
    15_000,
    100,
  );
  return { offerId: offer.id, campaignId: campaign.id };
}
