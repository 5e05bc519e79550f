import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { startStack, type Stack } from '../e2e/support/stack.js';
import { api, newHandle, PASSWORD, signUp } from './support/accounts.js';
import { capture, launchBrowser, openTab, PORTAL_DIR, signIn, type Tab } from './support/browser.js';

const DAY = 86_400_000;
const OPERATOR = `ops-${randomUUID().slice(0, 8)}@example.test`;

/**
 * Campaign results in a real browser: two creators deliver verified videos, the brand opens the
 * results from its campaign page (totals, a row per creator, the chart), creates a share link,
 * and a stranger's browser reads the report without signing in until the brand revokes it.
 */
describe('portal campaign results and share links', () => {
  let stack: Stack;
  let browser: Browser;
  const tabs: Tab[] = [];
  const a11y: Record<string, string[]> = {};

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ env: { PORTAL_DIR, PLATFORM_ADMINS: OPERATOR } }), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  }, 120_000);

  it('shows the totals, each creator and the chart; a share link opens the same report without login until revoked', async () => {
    const base = stack.gatewayUrl();
    const brand = await signUp(base, 'brand', 'Fizz Co');
    const operator = await api.expect<{ accessToken: string }>(base, 'POST', '/v1/auth/signup', 201, { email: OPERATOR, password: PASSWORD, name: 'Ops', kind: 'manager' });
    const { key } = await api.expect<{ key: string }>(base, 'POST', '/v1/api-keys', 201, { name: 'connector', scopes: ['metrics:ingest'] }, operator.accessToken);
    const dueAt = new Date(Date.now() + 20 * DAY).toISOString();
    const campaign = await api.expect<{ id: string }>(base, 'POST', '/v1/campaigns', 201, {
      name: 'Fizz winter',
      budget: { amount: 1_000_000, currency: 'USD' },
      startsAt: new Date(Date.now() + DAY).toISOString(),
      endsAt: new Date(Date.now() + 40 * DAY).toISOString(),
      deliverables: [{ type: 'video', quantity: 1, dueAt }],
    }, brand.accessToken);

    for (const [name, price, views] of [['Mia Torres', 150_000, 60_000], ['Noah Berg', 250_000, 40_000]] as const) {
      const creator = await api.expect<{ user: { id: string }; accessToken: string }>(base, 'POST', '/v1/auth/signup', 201, { email: `${randomUUID().slice(0, 8)}@example.test`, password: PASSWORD, name, kind: 'creator', handle: newHandle() });
      // Campaigns learns of the creator from identity's sign-up event: retry until it has.
      let offer: { id: string } | undefined;
      for (let attempt = 0; !offer; attempt++) {
        const res = await api.call<{ id: string }>(base, 'POST', `/v1/campaigns/${campaign.id}/offers`, { creatorId: creator.user.id, price: { amount: price, currency: 'USD' }, deliverables: [{ type: 'video', quantity: 1, dueAt }] }, brand.accessToken);
        if (res.status === 201) offer = res.body;
        else if (attempt > 50) throw new Error(`offer: ${res.status}`);
        else await new Promise((r) => setTimeout(r, 200));
      }
      for (let attempt = 0; (await api.call(base, 'POST', `/v1/offers/${offer.id}/accept`, { version: 1 }, creator.accessToken)).status !== 200; attempt++) {
        if (attempt > 50) throw new Error('accept');
        await new Promise((r) => setTimeout(r, 200));
      }
      const videoId = `v-${randomUUID().slice(0, 8)}`;
      const postedAt = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      const record = { observationId: randomUUID(), creatorId: creator.user.id, videoId, postedAt, observedAt: new Date().toISOString(), views, sixSecondViews: 0, completedViews: 0, likes: views / 20, comments: 0, shares: 0, avgWatchSeconds: 5 };
      const ingested = await fetch(`${base}/v1/ingest/videos`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ records: [record] }) });
      expect(ingested.status).toBe(202);
      const draft = await api.expect<{ id: string }>(base, 'POST', `/v1/offers/${offer.id}/submissions`, 201, { deliverable: 'video', url: 'https://cdn.example.com/final.mp4', caption: 'Final cut', videoId }, creator.accessToken);
      await api.expect(base, 'POST', `/v1/offers/${offer.id}/submissions/${draft.id}/review`, 200, { decision: 'approve', comments: 'Lovely' }, brand.accessToken);
    }

    const tab = await openTab(browser, base);
    tabs.push(tab);
    const { page } = tab;
    await signIn(page, brand.email, PASSWORD);
    await page.goto(`/campaigns/${campaign.id}`);
    await page.getByRole('link', { name: 'Results and share links' }).click();
    await page.getByRole('heading', { name: 'Results: Fizz winter' }).waitFor();
    const totals = page.getByRole('list', { name: 'Campaign totals' });
    // Both videos observed: 100K views for $4,000.00 committed.
    for (let attempt = 0; !(await totals.getByText('100K').count()); attempt++) {
      if (attempt > 60) throw new Error(`views never reached 100K: ${await totals.innerText()}`);
      await page.waitForTimeout(500);
      await page.reload();
      await totals.waitFor();
    }
    await totals.getByText('$10,000.00').waitFor();
    await totals.getByText('$4,000.00').waitFor();
    await totals.getByText('$6,000.00').waitFor();
    await totals.getByText('$40.00').waitFor();
    const rows = page.getByRole('region', { name: 'Results per creator' });
    await rows.getByRole('row', { name: /Mia Torres.*\$1,500\.00.*60K/ }).waitFor();
    await rows.getByRole('row', { name: /Noah Berg.*\$2,500\.00.*40K/ }).waitFor();
    await page.locator('figcaption', { hasText: 'Views by creator (verified videos)' }).waitFor();
    // Views over time: a line per creator, its numbers also in the figure's table.
    const overTime = page.getByRole('figure').filter({ has: page.locator('figcaption', { hasText: 'Views over time by creator' }) });
    await overTime.locator('td', { hasText: /Mia Torres 60K/ }).filter({ hasText: /Noah Berg 40K/ }).waitFor({ state: 'attached' });
    await capture(page, 'campaign-results', a11y);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const sheet = parse(readFileSync(await download.path(), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(sheet.map((r) => [r.Creator, r.Price, r.Currency]).sort()).toEqual([['Mia Torres', '1500.00', 'USD'], ['Noah Berg', '2500.00', 'USD']]);

    const form = page.getByRole('form', { name: 'New share link' });
    await form.getByLabel('Expires on').fill(new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10));
    await form.getByRole('button', { name: 'Create share link' }).click();
    const url = await page.getByRole('textbox', { name: 'Link to share' }).inputValue();
    expect(url).toMatch(/\/shared\/[A-Za-z0-9_-]{43}$/);
    await page.getByRole('region', { name: 'Share links' }).getByRole('cell', { name: 'Active' }).waitFor();

    // A stranger's browser, not signed in.
    const stranger = await openTab(browser, base);
    tabs.push(stranger);
    const sharedPath = new URL(url).pathname;
    await stranger.page.goto(sharedPath);
    await stranger.page.getByRole('heading', { name: 'Campaign results: Fizz winter' }).waitFor();
    await stranger.page.getByText('Shared by Fizz Co').waitFor();
    await stranger.page.getByRole('list', { name: 'Campaign totals' }).getByText('100K').waitFor();
    expect(await stranger.page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
    expect(await stranger.page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await capture(stranger.page, 'shared-report', a11y);

    // Revoking asks first; then the stranger's page says the link is gone.
    await page.getByRole('button', { name: 'Revoke…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke link' }).click();
    await page.getByRole('region', { name: 'Share links' }).getByRole('cell', { name: /Revoked/ }).waitFor();
    await stranger.page.reload();
    await stranger.page.getByRole('alert').getByText('This link has expired or was revoked').waitFor();

    expect(tabs.flatMap((t) => t.problems)).toEqual([]);
    expect(a11y).toEqual({});
  }, 180_000);
});
