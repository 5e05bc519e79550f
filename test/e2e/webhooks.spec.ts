import { Webhook } from 'standardwebhooks';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { approveGrant, bearer, expectStatus, problemOf, requestGrant, ROOMY_LIMITS, signup, type Actor } from './security/support.js';
import { campaignBody, offerBody } from './security/route-matrix.js';
import { WebhookReceiver } from '../../services/notifications/src/webhooks/webhook-receiver.test-support.js';

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: { responseStatus: number | null }[];
}

/**
 * Webhooks through the gateway with every service running and a local receiver: a brand and
 * the agency acting for the creator each register an endpoint; a sent offer reaches both, signed
 * (checked with the standardwebhooks verifier), and nobody else; the delivery log shows it.
 */
describe('webhooks through the platform', () => {
  const stack = useStack({ env: { ...ROOMY_LIMITS, WEBHOOK_WORKER_INTERVAL_MS: '100', WEBHOOK_RETRY_FIRST_DELAY_MS: '300' } });
  let api: GatewayClient;
  let receiver: WebhookReceiver;
  let brand: Actor;
  let creator: Actor;
  let agency: Actor;
  let otherAgency: Actor;

  const register = async (owner: Actor, path: string, events: string[]) =>
    expectStatus(
      await api.post<{ id: string; secret: string }>(`/v1/orgs/${owner.organization!.id}/webhooks`, { headers: bearer(owner), json: { url: receiver.url(path), events, description: path } }),
      201,
      `webhook ${path}`,
    ).body;
  const received = (path: string, n: number) => eventually(async () => (receiver.at(path).length >= n ? receiver.at(path) : undefined), 30_000, 50);

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    receiver = await WebhookReceiver.start();
    [brand, creator, agency, otherAgency] = await Promise.all([
      signup(api, 'brand', { org: 'Glow Labs' }),
      signup(api, 'creator'),
      signup(api, 'manager', { org: 'Northwind Talent' }),
      signup(api, 'manager', { org: 'Elsewhere Talent' }),
    ]);
    await approveGrant(api, creator, (await requestGrant(api, agency, creator, ['campaigns:read', 'offers:negotiate'])).id);
  }, 120_000);
  afterAll(() => receiver?.close());

  it("delivers a sent offer, signed, to the brand's and the acting agency's endpoints only", async () => {
    const brandHook = await register(brand, '/brand', ['offer.*']);
    const agencyHook = await register(agency, '/agency', ['offer.received', 'offer.status_changed']);
    await register(otherAgency, '/other', ['*']);
    const campaign = expectStatus(await api.post<{ id: string }>('/v1/campaigns', { headers: bearer(brand), json: campaignBody() }), 201).body;
    const offer = await eventually(async () => {
      const res = await api.post<{ id: string }>(`/v1/campaigns/${campaign.id}/offers`, { headers: bearer(brand), json: offerBody(creator.user.id) });
      return res.status === 201 ? res.body : undefined;
    }, 15_000);

    const [toBrand] = await received('/brand', 1);
    const brandBody = new Webhook(brandHook.secret).verify(toBrand!.body, toBrand!.headers as Record<string, string>) as { type: string; data: { offerId: string; status: string } };
    expect(brandBody).toMatchObject({ type: 'offer.status_changed', data: { offerId: offer.id, status: 'awaiting_response' } });

    const toAgency = (await received('/agency', 2)).map((r) => new Webhook(agencyHook.secret).verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> });
    expect(toAgency.map((b) => b.type).sort()).toEqual(['offer.received', 'offer.status_changed']);
    expect(toAgency.find((b) => b.type === 'offer.received')!.data).toMatchObject({ link: `/offers/${offer.id}`, creatorId: creator.user.id, brandId: brand.organization!.id });

    const log = await eventually(async () => {
      const res = expectStatus(await api.get<{ items: Delivery[] }>(`/v1/orgs/${brand.organization!.id}/webhooks/${brandHook.id}/deliveries`, { headers: bearer(brand) }), 200);
      return res.body.items[0]?.status === 'succeeded' ? res.body.items : undefined;
    });
    expect(log).toEqual([expect.objectContaining({ id: toBrand!.headers['webhook-id'], eventType: 'offer.status_changed', attempts: [expect.objectContaining({ responseStatus: 204 })] })]);
    // Wait a moment for anything misdirected, then check nobody else heard of it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.at('/other')).toEqual([]);
  });

  it('shows the secret once, lists endpoints without it, and refuses a member who is not an owner or admin', async () => {
    const hook = await register(brand, '/listed', ['offer.accepted']);
    const listed = expectStatus(await api.get<{ items: { id: string }[] }>(`/v1/orgs/${brand.organization!.id}/webhooks`, { headers: bearer(brand) }), 200);
    expect(listed.body.items.map((e) => e.id)).toContain(hook.id);
    expect(listed.text).not.toContain(hook.secret);
    problemOf(await api.get(`/v1/orgs/${brand.organization!.id}/webhooks`, { headers: bearer(agency) }), 404);
  });

  it("puts adding an endpoint, rotating its secret and removing it in the organization's audit log, by whom, without the secret", async () => {
    const hook = await register(agency, '/audited', ['offer.received']);
    const rotated = expectStatus(await api.post<{ secret: string }>(`/v1/orgs/${agency.organization!.id}/webhooks/${hook.id}/rotate-secret`, { headers: bearer(agency) }), 200).body;
    expectStatus(await api.request('DELETE', `/v1/orgs/${agency.organization!.id}/webhooks/${hook.id}`, { headers: bearer(agency) }), 204);
    interface Entry { action: string; actor: { userId: string; name: string | null }; target: { type: string; id: string } }
    const entries = await eventually(async () => {
      const res = expectStatus(await api.get<{ items: Entry[] }>('/v1/audit', { headers: bearer(agency) }), 200);
      const mine = res.body.items.filter((e) => e.target.id === hook.id);
      return mine.length === 3 ? { mine, text: res.text } : undefined;
    }, 15_000);
    expect(entries.mine.map((e) => e.action).sort()).toEqual(['webhook.created', 'webhook.removed', 'webhook.secret-rotated']);
    expect(entries.mine.every((e) => e.actor.userId === agency.user.id && e.actor.name === agency.user.name && e.target.type === 'webhook')).toBe(true);
    expect(entries.text).not.toContain(hook.secret);
    expect(entries.text).not.toContain(rotated.secret);
    // Another organization's owner does not see it in theirs.
    const others = expectStatus(await api.get<{ items: Entry[] }>('/v1/audit', { headers: bearer(otherAgency) }), 200).body.items;
    expect(others.some((e) => e.target.id === hook.id)).toBe(false);
  });
});
