import { eventually } from '#libs/testing';
import type { GatewayClient } from './http.js';
import { approveGrant, bearer, expectStatus, join, requestGrant, signup, type Actor } from '../security/support.js';
import { campaignBody, offerBody } from '../security/route-matrix.js';

/**
 * A brand's new campaign named `campaignName` with an offer to `creator` (a valid one, changed
 * by `offer`); returns the offer's id.
 */
export async function sendOffer(api: GatewayClient, brand: Actor, campaignName: string, creator: Actor, offer: Record<string, unknown> = {}): Promise<string> {
  const campaign = expectStatus(await api.post<{ id: string }>('/v1/campaigns', { headers: bearer(brand), json: { ...campaignBody(), name: campaignName, brief: `Brief of ${campaignName}` } }), 201).body;
  // Campaigns learns of a new creator from identity's sign-up event: retry until it has.
  return eventually(async () => {
    const res = await api.post<{ id: string }>(`/v1/campaigns/${campaign.id}/offers`, { headers: bearer(brand), json: { ...offerBody(creator.user.id), ...offer } });
    return res.status === 201 ? res.body.id : undefined;
  }, 15_000);
}

/** Two agencies, two brands and three creators, as the deals inbox and its exports are tested. */
export interface DealsWorld {
  owner: Actor;
  /** A manager of the owner's agency. */
  manager: Actor;
  otherAgency: Actor;
  glow: Actor;
  bolt: Actor;
  /** Each granted campaigns:read and offers:negotiate to the owner's agency; the first also metrics:read to the other agency. */
  creators: Actor[];
}

export async function dealsWorld(api: GatewayClient, names: { glow: string; creators: string[] }): Promise<DealsWorld> {
  const owner = await signup(api, 'manager', { org: 'Northwind Talent' });
  const otherAgency = await signup(api, 'manager', { org: 'Elsewhere Talent' });
  const glow = await signup(api, 'brand', { org: names.glow });
  const bolt = await signup(api, 'brand', { org: 'Bolt Drinks' });
  const creators: Actor[] = [];
  for (const name of names.creators) creators.push(await signup(api, 'creator', { name }));
  const manager = await join(api, owner, await signup(api, 'manager', { name: 'Sam Manager' }), 'manager');
  for (const c of creators) await approveGrant(api, c, (await requestGrant(api, owner, c, ['campaigns:read', 'offers:negotiate'])).id);
  // The other agency may see metrics of the first creator, not its campaigns.
  await approveGrant(api, creators[0]!, (await requestGrant(api, otherAgency, creators[0]!, ['metrics:read'])).id);
  return { owner, manager, otherAgency, glow, bolt, creators };
}
