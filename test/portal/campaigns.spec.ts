import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startStack, type Stack } from '../e2e/support/stack.js';
import { api, newHandle, PASSWORD, signUp } from './support/accounts.js';
import { capture, launchBrowser, openTab, PORTAL_DIR, signIn, type Tab } from './support/browser.js';

/**
 * A brand runs a campaign in a real browser: creates it with two deliverable lines, sees what
 * an accepted deal committed and what remains, is warned before an offer over the remaining
 * budget and must confirm it, edits the budget up, pauses (no offer form), resumes and closes.
 */
describe('portal campaigns a brand can run', () => {
  let stack: Stack;
  let browser: Browser;
  const tabs: Tab[] = [];
  const a11y: Record<string, string[]> = {};

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ env: { PORTAL_DIR } }), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  }, 120_000);

  /** A creator in the marketplace's reach by exact handle, known to campaigns. */
  async function creator(base: string, name: string) {
    const handle = newHandle();
    const session = await api.expect<{ user: { id: string }; accessToken: string }>(base, 'POST', '/v1/auth/signup', 201, { email: `${handle}@example.test`, password: PASSWORD, name, kind: 'creator', handle });
    return { handle, name, id: session.user.id, token: session.accessToken };
  }

  it('creates with several deliverable lines, shows committed and remaining, warns before going over budget, edits, pauses, resumes and closes', async () => {
    const base = stack.gatewayUrl();
    const brand = await signUp(base, 'brand', 'Lumen Outdoor');
    const [first, second] = [await creator(base, 'Casey Creator'), await creator(base, 'Robin Reels')];

    const tab = await openTab(browser, base);
    tabs.push(tab);
    const page = tab.page;
    await signIn(page, brand.email, PASSWORD);
    await page.getByLabel('Name').fill('Trail Season');
    await page.getByLabel('Budget (USD)').fill('1000');
    await page.getByRole('button', { name: 'Add a deliverable' }).click();
    const line2 = page.getByRole('group', { name: 'Deliverable 2' });
    await line2.getByLabel('Type').selectOption('story');
    await line2.getByLabel('Quantity').fill('3');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: /Trail Season/ }).waitFor();
    await page.getByText('1× Video by').waitFor();
    await expect(page.getByText('3× Story by').count()).resolves.toBe(1);
    const campaignId = new URL(page.url()).pathname.split('/').pop()!;

    // A deal of $600 accepted by the creator commits that much of the $1,000.
    const offer = await (async () => {
      for (let attempt = 0; ; attempt++) {
        const campaign = await api.expect<{ deliverables: unknown[] }>(base, 'GET', `/v1/campaigns/${campaignId}`, 200, undefined, brand.accessToken);
        const res = await api.call<{ id: string }>(base, 'POST', `/v1/campaigns/${campaignId}/offers`, { creatorId: first.id, price: { amount: 60_000, currency: 'USD' }, deliverables: campaign.deliverables.slice(0, 1) }, brand.accessToken);
        if (res.status === 201) return res.body;
        if (attempt > 50) throw new Error(`offer: ${res.status} ${JSON.stringify(res.body)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await api.expect(base, 'POST', `/v1/offers/${offer.id}/accept`, 200, { version: 1 }, first.token);
    const budget = page.getByRole('definition');
    for (let i = 0; i < 30; i++) {
      await page.reload();
      await page.getByRole('heading', { name: /Trail Season/ }).waitFor();
      if ((await budget.allTextContents()).join(' ').includes('$400.00')) break;
    }
    expect(await budget.allTextContents()).toEqual(['$1,000.00', '$600.00', '$400.00']);

    // An offer of $500 would go $100 over: warned, and sent only once confirmed.
    await page.getByLabel('Creator', { exact: true }).fill(`@${second.handle}`);
    await page.getByRole('list', { name: 'Creators found' }).getByRole('button', { name: `Robin Reels @${second.handle}` }).click();
    await page.getByLabel('Price (USD)').fill('500');
    await page.getByText("This price is $100.00 more than the campaign's remaining budget ($400.00).").waitFor();
    expect(await page.getByRole('button', { name: 'Send offer' }).isDisabled()).toBe(true);
    await capture(page, 'brand-campaign-over-budget', a11y);
    await page.getByLabel('Send it over budget anyway').check();
    await page.getByRole('button', { name: 'Send offer' }).click();
    await page.waitForURL(/\/offers\/[0-9a-f-]{36}$/);

    // The brand raises the budget.
    await page.goto(`/campaigns/${campaignId}`);
    await page.getByRole('button', { name: 'Edit campaign' }).click();
    const edit = page.getByRole('form', { name: 'Edit campaign' });
    await edit.getByLabel('Budget (USD)').fill('2000');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('form', { name: 'Edit campaign' }).waitFor({ state: 'detached' });
    await page.getByText('$1,400.00').waitFor();

    // Paused: no offer form, and the page says why.
    await page.getByRole('button', { name: 'Pause campaign' }).click();
    await page.getByText('Paused: no new offers until you resume it.').waitFor();
    expect(await page.getByRole('form', { name: 'Send an offer' }).count()).toBe(0);
    await capture(page, 'brand-campaign-paused', a11y);
    await page.getByRole('button', { name: 'Resume campaign' }).click();
    await page.getByRole('form', { name: 'Send an offer' }).waitFor();

    // Closing with an offer still waiting for an answer is refused, naming it; withdrawn, it closes.
    await page.getByRole('button', { name: 'Close campaign' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close campaign' }).click();
    await page.getByRole('dialog').getByText(/Withdraw the offers still waiting for an answer/).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    const pending = await api.expect<{ creators: { offerId: string; tab: string }[] }>(base, 'GET', `/v1/campaigns/${campaignId}`, 200, undefined, brand.accessToken);
    await api.expect(base, 'POST', `/v1/offers/${pending.creators.find((c) => c.tab === 'pending')!.offerId}/withdraw`, 200, {}, brand.accessToken);
    for (let i = 0; i < 30; i++) {
      await page.reload();
      await page.getByRole('button', { name: 'Close campaign' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Close campaign' }).click();
      if (await page.getByText('Closed: no new offers.').waitFor({ timeout: 2_000 }).then(() => true, () => false)) break;
    }
    await page.getByText('Closed: no new offers. Deals under way go on to completion.').waitFor();
    expect(await page.getByRole('button', { name: 'Edit campaign' }).count()).toBe(0);
    await capture(page, 'brand-campaign-closed', a11y);
    expect(a11y).toEqual({});
  });
});
