import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { ingestionContracts, type AudienceSnapshot, type FollowerSnapshot, type VideoObservation } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { seededRandom, syntheticCreator } from '#libs/testing';
import { agency, api, newHandle, PASSWORD, signUp } from './support/accounts.js';
import { signIn } from './support/browser.js';
import { usePortalStack } from './support/portal-stack.js';

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

/**
 * Every page as each role sees it: no serious accessibility finding, no write control for a
 * viewer (and the API refuses one anyway), and the behaviour people expect of forms.
 */
describe('portal serving, roles, accessibility and behaviour', () => {
  const portal = usePortalStack();
  let base: string;
  let world: Awaited<ReturnType<typeof seed>>;

  async function seed() {
    const team = await agency(base);
    const brand = await signUp(base, 'brand', 'Globex');
    const handle = newHandle();
    const creator = await api.expect<{ user: { id: string }; accessToken: string }>(base, 'POST', '/v1/auth/signup', 201, { email: `${handle}@example.test`, password: PASSWORD, name: 'Robin Roles', kind: 'creator', handle });
    const grant = await api.expect<{ id: string }>(base, 'POST', '/v1/delegations', 201, { creatorHandle: handle, scopes: ['campaigns:read', 'offers:negotiate', 'feedback:write', 'rates:write', 'metrics:read'] }, team.owner.accessToken);
    await api.expect(base, 'POST', `/v1/delegations/${grant.id}/approve`, 200, {}, creator.accessToken);
    // Visible in the marketplace, so brands see the rate card before they send an offer.
    await api.expect(base, 'PATCH', `/v1/creators/${creator.user.id}/profile`, 200, { marketplaceVisible: true }, creator.accessToken);
    await api.expect(base, 'PUT', `/v1/creators/${creator.user.id}/rates`, 200, { items: [{ deliverable: 'video', price: { amount: 100000, currency: 'USD' } }], version: 0 }, creator.accessToken);
    const campaign = await api.expect<{ id: string }>(base, 'POST', '/v1/campaigns', 201, { name: 'Autumn push', brief: 'Cozy season', budget: { amount: 500000, currency: 'USD' }, startsAt: day(1), endsAt: day(40), deliverables: [{ type: 'video', quantity: 1, dueAt: day(20) }] }, brand.accessToken);
    const offer = await api.expect<{ id: string }>(base, 'POST', `/v1/campaigns/${campaign.id}/offers`, 201, { creatorId: creator.user.id, price: { amount: 90000, currency: 'USD' }, deliverables: [{ type: 'video', quantity: 1, dueAt: day(20) }] }, brand.accessToken);
    const metrics = await ingestMetrics(creator.user.id);
    return { team, brand, creator: { ...creator, email: `${handle}@example.test` }, campaignId: campaign.id, offerId: offer.id, metrics };
  }

  /** Performance and audience data for the card, sent the way a data connector's batches arrive. */
  async function ingestMetrics(creatorId: string) {
    const data = syntheticCreator(seededRandom(7), { creatorId, videos: 12, observationsPerVideo: 3, until: new Date(), days: 30 });
    await ingest(data);
    return data;
  }

  async function ingest(data: { videos?: VideoObservation[]; followers?: FollowerSnapshot[]; audience?: AudienceSnapshot[] }) {
    // The test administrator stands in for a data connector, which has no principal of its own.
    const nc: NatsConnection = await portal.stack.nats.connect();
    try {
      const client = new RequestClient(nc, 15_000);
      if (data.videos) await client.request(ingestionContracts.videos, { records: data.videos });
      if (data.followers) await client.request(ingestionContracts.followers, { records: data.followers });
      if (data.audience) await client.request(ingestionContracts.audience, { records: data.audience });
    } finally {
      await nc.close();
    }
  }

  beforeAll(async () => {
    base = portal.base();
    world = await seed();
  }, 180_000);

  const as = async (email: string | null, viewport?: { width: number; height: number }) => {
    const tab = await portal.tab(viewport);
    if (email) await signIn(tab.page, email, PASSWORD);
    return tab.page;
  };
  const buttons = (page: Page, name: string | RegExp) => page.getByRole('button', { name }).count();

  // The gateway serves the portal at `/` without taking anything from the API or the docs.
  const get = (path: string) => fetch(`${base}${path}`);

  it('answers / and deep links with the page, under a CSP that allows no inline script', async () => {
    for (const path of ['/', '/roster', '/creators/0b9c4c3e-0d6c-4d8e-9a5e-1d2f3a4b5c6d?tab=active']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      const html = await res.text();
      expect(html).toContain('<div id="root"></div>');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });

  it('serves the hashed assets for a year with the same policy', async () => {
    const html = await (await get('/')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const res = await get(script);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('leaves the API and the docs alone: unknown API paths are still problem+json 404s', async () => {
    const unknown = await get('/v1/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await get('/v1/health')).headers.get('content-type')).toMatch(/^application\/json/);
    const docs = await get('/docs-json');
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { openapi: string }).openapi).toBe('3.1.0');
    expect((await get('/docs')).status).toBe(200);
  });

  it('shows a viewer no write control, and the API refuses the forged write', async () => {
    const page = await as(world.team.viewer.email);
    await page.getByRole('link', { name: 'Robin Roles' }).waitFor();
    expect(await buttons(page, /Change who manages/)).toBe(0);
    await portal.capture(page, 'viewer-roster');

    await page.getByRole('link', { name: 'Robin Roles' }).click();
    await page.getByRole('heading', { name: 'Rates' }).waitFor();
    await page.getByRole('cell', { name: '$1,000.00' }).waitFor();
    // The metrics service rolls the ingested observations up in the background.
    for (let i = 0; i < 30 && !(await page.getByText('Audience by age').count()); i++) {
      await page.waitForTimeout(1_000);
      await page.reload();
      await page.getByRole('heading', { name: 'Rates' }).waitFor();
    }
    await page.locator('.chart svg.recharts-surface').first().waitFor();
    // The device split, in words.
    await page.getByRole('figure', { name: 'Audience by device' }).getByRole('rowheader', { name: 'iOS' }).waitFor();
    expect(await page.locator('.kpi-value').first().textContent()).not.toBe('—');
    // Follower growth and views per video, from the series route, drawn beside their headline.
    const growth = page.getByRole('region', { name: 'Growth' });
    await growth.locator('figure', { hasText: 'Followers, last 90 days' }).locator('svg.recharts-surface').waitFor();
    await growth.locator('figure', { hasText: 'Views per video' }).locator('svg.recharts-surface').waitFor();
    await growth.getByText(/^\+[\d.]+K? followers \(\+[\d.]+%\) since [A-Z][a-z]{2} \d+$/).waitFor();
    await growth.getByText(/^Median [\d.]+K? views over the last 12 videos, best /).waitFor();
    expect(await growth.locator('table.sr-only').first().locator('tbody tr').count()).toBeGreaterThanOrEqual(30);
    expect(await buttons(page, 'Save rates')).toBe(0);
    expect(await page.getByRole('textbox').count()).toBe(0);
    await portal.capture(page, 'viewer-card');

    await page.getByRole('link', { name: /Autumn push/ }).click();
    await page.getByRole('heading', { name: 'Current terms' }).waitFor();
    // The version names the brand's person and their brand, not "the brand".
    await page.getByText(/^v1 by Brand \w+ \(Globex\), /).waitFor();
    expect(await buttons(page, /Accept|Send counter-offer|Decline|Send message/)).toBe(0);
    await portal.capture(page, 'viewer-offer');

    await page.getByRole('link', { name: 'Delegations' }).click();
    await page.getByRole('heading', { name: 'Requests and grants' }).waitFor();
    expect(await buttons(page, 'Send request')).toBe(0);
    await portal.capture(page, 'viewer-delegations');

    const token = world.team.viewer.accessToken;
    const forged = [
      await api.call(base, 'PUT', `/v1/creators/${world.creator.user.id}/rates`, { items: [], version: 1 }, token),
      await api.call(base, 'POST', `/v1/offers/${world.offerId}/accept`, { version: 1 }, token),
      await api.call(base, 'PUT', `/v1/roster/${world.creator.user.id}/assignees`, { managerIds: [] }, token),
    ];
    expect(forged.map((r) => r.status)).toEqual([403, 403, 403]);
    const rates = await api.expect<{ version: number }>(base, 'GET', `/v1/creators/${world.creator.user.id}/rates`, 200, undefined, world.creator.accessToken);
    expect(rates.version).toBe(1);

    // With the metrics rolled up, the roster's summary columns fill in.
    await page.goto('/roster');
    await page.getByRole('cell', { name: '22.7K' }).or(page.getByRole('cell', { name: /K$/ })).first().waitFor();
    await portal.capture(page, 'viewer-roster-with-metrics');
  }, 120_000);

  it('passes axe on the pages of signed-out visitors, owners, brands and creators', async () => {
    const visitor = await as(null);
    await visitor.goto('/login');
    await portal.capture(visitor, 'login');

    const owner = await as(world.team.owner.email);
    await owner.getByRole('link', { name: 'Members' }).click();
    await owner.getByRole('cell', { name: world.team.viewer.email }).waitFor();
    await portal.capture(owner, 'agency-members');
    await owner.getByRole('link', { name: 'Audit log' }).click();
    await owner.getByRole('heading', { name: 'Audit log' }).waitFor();
    // The creator's own approval, by their name: not "your agency", not `grant.approved`.
    await owner.getByRole('cell', { name: 'Robin Roles approved access', exact: true }).waitFor();
    await owner.getByRole('cell', { name: 'You asked Robin Roles for access', exact: true }).waitFor();
    await portal.capture(owner, 'agency-audit');

    const brand = await as(world.brand.email);
    await brand.getByRole('link', { name: 'Autumn push' }).waitFor();
    await portal.capture(brand, 'brand-campaigns');
    // A brand reaches a marketplace-visible creator's card from the offers it sent.
    await brand.getByRole('link', { name: 'Autumn push' }).click();
    await brand.getByRole('heading', { name: 'Send an offer' }).waitFor();
    // Each offer sent names its creator.
    await brand.getByRole('rowheader', { name: /^Robin Roles card of Robin Roles$/ }).waitFor();
    await portal.capture(brand, 'brand-campaign');
    await brand.getByRole('link', { name: 'card of Robin Roles' }).click();
    await brand.getByRole('heading', { name: 'Robin Roles' }).waitFor();
    // Read-only rates, no other brand's offers, and a way to send one.
    await brand.getByRole('cell', { name: '$1,000.00' }).waitFor();
    expect(await buttons(brand, 'Save rates')).toBe(0);
    expect(await brand.getByRole('heading', { name: 'Campaigns' }).count()).toBe(0);
    await brand.getByRole('link', { name: 'Send an offer from Autumn push' }).waitFor();
    // Metrics shows a marketplace-visible creator's figures and charts to brands.
    await brand.getByRole('region', { name: 'Growth' }).locator('svg.recharts-surface').first().waitFor();
    await brand.getByRole('region', { name: 'Audience' }).locator('svg.recharts-surface').first().waitFor();
    await portal.capture(brand, 'brand-creator-card');
    await brand.getByRole('link', { name: 'Send an offer from Autumn push' }).click();
    // The form opens with the creator picked, by name.
    await brand.getByRole('form', { name: 'Send an offer' }).getByText('Robin Roles').waitFor();
    await portal.capture(brand, 'brand-send-offer-picked');

    const creator = await as(world.creator.email);
    await creator.getByRole('link', { name: 'My card' }).click();
    await creator.getByRole('region', { name: 'Growth' }).locator('figure', { hasText: 'Views per video' }).locator('svg.recharts-surface').waitFor();
    await portal.capture(creator, 'creator-own-card');
    await creator.getByRole('link', { name: 'Profile & rates' }).click();
    await creator.getByRole('button', { name: 'Save policy' }).waitFor();
    await portal.capture(creator, 'creator-settings');

    // A manager without an organization lands on their invitations.
    const loner = await signUp(base, 'manager');
    const invited = await as(loner.email);
    await invited.getByRole('heading', { name: 'Invitations' }).waitFor();
    await invited.getByText('No invitation is waiting for you.').waitFor();
    await portal.capture(invited, 'invitations');

    portal.expectClean();
  }, 120_000);

  it('puts field errors next to their fields and warns below the rate card', async () => {
    const page = await as(world.brand.email);
    await page.getByRole('link', { name: 'Autumn push' }).click();
    // The creator is picked by name (or handle), never by an id.
    await page.getByLabel('Creator', { exact: true }).fill('robin');
    await page.getByRole('list', { name: 'Creators found' }).getByRole('button', { name: /^Robin Roles @creator_/ }).click();
    await page.getByRole('button', { name: 'Choose another creator' }).waitFor();
    await page.getByLabel('Price (USD)').fill('500');
    await page.getByRole('alert').filter({ hasText: "below the creator's rate card ($1,000.00)" }).waitFor();
    await page.getByLabel('Price (USD)').fill('0');
    await page.getByRole('button', { name: 'Send offer' }).click();
    const price = page.locator('input[name="price"][aria-invalid="true"]');
    await price.waitFor();
    const describedBy = (await price.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBeTruthy();
  }, 120_000);

  it('offers the latest version after a 409, and keeps the page through a session refresh', async () => {
    const page = await as(world.creator.email);
    await page.getByRole('link', { name: 'Profile & rates' }).click();
    const video = page.getByLabel('Video', { exact: true });
    await expect(video.inputValue()).resolves.toBe('1000.00');
    // Someone else (the agency) changes the card meanwhile.
    await api.expect(base, 'PUT', `/v1/creators/${world.creator.user.id}/rates`, 200, { items: [{ deliverable: 'video', price: { amount: 150000, currency: 'USD' } }], version: 1 }, world.team.manager.accessToken);
    await video.fill('1100');
    await page.getByRole('button', { name: 'Save rates' }).click();
    await page.getByRole('button', { name: 'Reload the latest' }).click();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="rate-video"]')?.value === '1500.00');
    // The history names who changed the card and for which agency.
    await page.getByText('Rate history').click();
    await page.getByText(/^Manager \w+ \(Agency \w+\), .+ \(version 2\): Video: \$1,000\.00 → \$1,500\.00$/).waitFor();
    await portal.capture(page, 'creator-rates-history');

    // An access token that no longer works is refreshed without leaving the page.
    await page.evaluate(() => {
      const s = JSON.parse(sessionStorage.getItem('tp.session')!);
      sessionStorage.setItem('tp.session', JSON.stringify({ ...s, accessToken: 'expired' }));
    });
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: /^Manager \w+ \(Agency \w+\) changed the rate card$/ }).first().waitFor();
    await portal.capture(page, 'creator-audit-rates');
    expect(new URL(page.url()).pathname).toBe('/audit');
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('tp.session')!).accessToken)).not.toBe('expired');
    expect(portal.a11y).toEqual({});
  }, 120_000);

  it('lets a brand discover creators by audience and performance, with field errors, sorting and a way to an offer', async () => {
    const page = await as(world.brand.email);
    await page.getByRole('link', { name: 'Discover' }).click();
    await page.getByRole('heading', { name: 'Discover creators' }).waitFor();
    // Metrics lists the creator once their profile facts and rolled-up figures have reached it.
    for (let i = 0; i < 30 && !(await page.getByRole('link', { name: 'Robin Roles', exact: true }).count()); i++) {
      await page.waitForTimeout(1_000);
      await page.reload();
      await page.getByRole('heading', { name: 'Discover creators' }).waitFor();
    }
    const filters = page.getByRole('search', { name: 'Filter creators' });
    const fieldError = async (name: string) => {
      const input = page.locator(`[name="${name}"][aria-invalid="true"]`);
      await input.waitFor();
      return page.locator(`[id="${await input.getAttribute('aria-describedby')}"]`).textContent();
    };
    // Checked in the page, then by the gateway: each message stands next to its field.
    await filters.getByLabel('Min. followers').fill('lots');
    await filters.getByRole('button', { name: 'Search' }).click();
    expect(await fieldError('minFollowers')).toMatch(/whole number/);
    // Thresholds the creator's own ingested figures meet: their largest audience country, and
    // a follower floor below their latest count.
    const [country, share] = Object.entries(world.metrics.audience[0]!.countries).sort((a, b) => b[1] - a[1])[0]!;
    const followers = world.metrics.followers.at(-1)!.followers;
    await filters.getByLabel('Min. followers').fill(String(Math.floor(followers / 2)));
    await filters.getByLabel('Audience country').fill('XX');
    await filters.getByRole('button', { name: 'Search' }).click();
    expect(await fieldError('country')).toBeTruthy();

    await filters.getByLabel('Audience country').fill(country.toLowerCase());
    await filters.getByLabel('Min. share there (%)').fill(String(Math.floor(share * 100)));
    await filters.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('columnheader', { name: `Share in ${country}` }).waitFor();
    await page.getByRole('link', { name: 'Robin Roles', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Engagement' }).click();
    await page.locator('th[aria-sort="descending"]', { hasText: 'Engagement' }).waitFor();
    await page.getByRole('link', { name: 'Robin Roles', exact: true }).waitFor();
    await portal.capture(page, 'brand-discover');
    await page.setViewportSize({ width: 390, height: 844 });
    await portal.capture(page, 'phone-discover');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });

    await filters.getByLabel('Min. followers').fill('100m');
    await filters.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No creator matches these filters.').waitFor();
    await filters.getByLabel('Min. followers').fill('');
    await filters.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Send offer to Robin Roles' }).click();
    await page.getByRole('form', { name: 'Send an offer' }).getByText('Robin Roles').waitFor();
    expect(portal.a11y).toEqual({});
  }, 120_000);

  /** An accepted offer whose approved draft names a video that a connector then observed. */
  let measuredOfferId: string;

  it("shows both sides of an offer its performance once the approved video is observed", async () => {
    const { brand, creator } = world;
    const campaign = await api.expect<{ id: string }>(base, 'POST', '/v1/campaigns', 201, { name: 'Winter launch', brief: 'One video', budget: { amount: 200000, currency: 'USD' }, startsAt: day(1), endsAt: day(40), deliverables: [{ type: 'video', quantity: 1, dueAt: day(20) }] }, brand.accessToken);
    const offer = await api.expect<{ id: string }>(base, 'POST', `/v1/campaigns/${campaign.id}/offers`, 201, { creatorId: creator.user.id, price: { amount: 100000, currency: 'USD' }, deliverables: [{ type: 'video', quantity: 1, dueAt: day(20) }] }, brand.accessToken);
    measuredOfferId = offer.id;
    // Negotiation learns of the offer from campaigns' event.
    for (let i = 0; i < 30 && (await api.call(base, 'POST', `/v1/offers/${offer.id}/accept`, { version: 1 }, creator.accessToken)).status !== 200; i++) await new Promise((r) => setTimeout(r, 500));
    const videoId = `launch-${randomUUID().slice(0, 8)}`;
    const draft = await api.expect<{ id: string }>(base, 'POST', `/v1/offers/${offer.id}/submissions`, 201, { deliverable: 'video', url: 'https://cdn.example.com/final.mp4', caption: 'Final cut', videoId }, creator.accessToken);
    await api.expect(base, 'POST', `/v1/offers/${offer.id}/submissions/${draft.id}/review`, 200, { decision: 'approve' }, brand.accessToken);
    // Posted after the acceptance (a video posted before it would not count), observed since.
    const postedAt = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const observedAt = new Date().toISOString();
    await ingest({ videos: [{ observationId: randomUUID(), creatorId: creator.user.id, videoId, postedAt, observedAt, views: 80_000, sixSecondViews: 40_000, completedViews: 8_000, likes: 3_000, comments: 600, shares: 400, avgWatchSeconds: 9 }] });

    const page = await as(brand.email);
    await page.goto(`/offers/${offer.id}`);
    const panel = page.getByRole('region', { name: 'Performance' });
    // Metrics links the video to the offer and rolls the observation up in the background.
    for (let i = 0; i < 30 && !(await panel.getByRole('rowheader', { name: videoId }).count()); i++) {
      await page.waitForTimeout(1_000);
      await page.reload();
      await page.getByRole('heading', { name: 'Current terms' }).waitFor();
    }
    await panel.getByRole('rowheader', { name: videoId }).waitFor();
    // $1,000.00 over 80,000 views and 4,000 engagements.
    const tiles = async (p: typeof page) => p.getByRole('region', { name: 'Performance' }).locator('.kpi-value').allTextContents();
    expect(await tiles(page)).toEqual(['80K', '5.00%', '$12.50', '$0.25']);
    await portal.capture(page, 'brand-offer-performance');

    // The agency, on a phone.
    const agencySide = await as(world.team.manager.email, { width: 390, height: 844 });
    await agencySide.goto(`/offers/${offer.id}`);
    await agencySide.getByRole('region', { name: 'Performance' }).getByRole('rowheader', { name: videoId }).waitFor();
    expect(await tiles(agencySide)).toEqual(['80K', '5.00%', '$12.50', '$0.25']);
    await portal.capture(agencySide, 'phone-offer-performance');
    expect(await agencySide.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(portal.a11y).toEqual({});
  }, 120_000);

  it('works at a 390 px phone width, by keyboard, and says which card section is down', async () => {
    const page = await as(world.team.manager.email, { width: 390, height: 844 });
    await page.getByRole('link', { name: 'Robin Roles' }).waitFor();
    await portal.capture(page, 'phone-roster');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // By keyboard: a link opens the card and the focus moves to its content.
    await page.getByRole('link', { name: 'Robin Roles' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Robin Roles' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    await page.getByRole('tab', { name: /Pending/ }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: /^Active/ }).getAttribute('aria-selected')).resolves.toBe('true');
    await portal.capture(page, 'phone-card');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Last in this file: metrics stays down until the stack closes.
    await portal.stack.stopService('metrics');
    await page.reload();
    await page.getByText('Performance data is unavailable right now').waitFor();
    await page.getByText('Growth data is unavailable right now').waitFor();
    await page.getByRole('heading', { name: 'Robin Roles' }).waitFor();
    await page.getByLabel('Video', { exact: true }).waitFor();
    await portal.capture(page, 'degraded-card');
    await page.goto(`/offers/${measuredOfferId}`);
    await page.getByText('Performance data is unavailable right now; the rest of the offer is current').waitFor();
    await page.getByRole('heading', { name: 'Current terms' }).waitFor();
    await portal.capture(page, 'degraded-offer');
    portal.expectClean();
  }, 120_000);
});
