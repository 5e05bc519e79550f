import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { NatsConnection } from '@nats-io/transport-node';
import { ingestionContracts } from '#libs/contracts';
import { RequestClient } from '#libs/messaging';
import { seededRandom, syntheticCreator } from '#libs/testing';
import { startStack, type Stack } from '../e2e/support/stack.js';
import { api, newHandle, PASSWORD, signUp, type Account } from './support/accounts.js';
import { capture, launchBrowser, openTab, PORTAL_DIR, signIn, type Tab } from './support/browser.js';

/** 20,000 followers bought on one day, ten days ago, in an otherwise steady history. */
const JUMP = 20_000;
const JUMP_AT = 20;

/**
 * A follower jump flagged in words in a real browser: a brand sees it on the creator's
 * discovery row (the creator still listed) and on the card, with the day, the gain and how it
 * compares with a typical day.
 */
describe('portal anomaly signals', () => {
  let stack: Stack;
  let browser: Browser;
  let brand: Account;
  const tabs: Tab[] = [];
  const a11y: Record<string, string[]> = {};
  let expected: RegExp;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ env: { PORTAL_DIR } }), launchBrowser()]);
    const base = stack.gatewayUrl();
    brand = await signUp(base, 'brand', 'Globex');
    const handle = newHandle();
    const creator = await api.expect<{ user: { id: string }; accessToken: string }>(base, 'POST', '/v1/auth/signup', 201, { email: `${handle}@example.test`, password: PASSWORD, name: 'Jo Jumps', kind: 'creator', handle });
    await api.expect(base, 'PATCH', `/v1/creators/${creator.user.id}/profile`, 200, { categories: ['beauty'], marketplaceVisible: true }, creator.accessToken);

    const data = syntheticCreator(seededRandom(31), { creatorId: creator.user.id, videos: 8, observationsPerVideo: 2, until: new Date(), days: 30 });
    const followers = data.followers.map((f, i) => (i >= JUMP_AT ? { ...f, followers: f.followers + JUMP } : f));
    const gain = followers[JUMP_AT]!.followers - followers[JUMP_AT - 1]!.followers;
    const day = new Date(followers[JUMP_AT]!.observedAt).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
    expected = new RegExp(`Followers jumped by ${gain.toLocaleString('en-US')} on ${day} — about \\d+× a typical day`);
    // The test stands in for a data connector, which has no principal of its own.
    const nc: NatsConnection = await stack.nats.connect();
    try {
      const client = new RequestClient(nc, 15_000);
      await client.request(ingestionContracts.videos, { records: data.videos });
      await client.request(ingestionContracts.followers, { records: followers });
    } finally {
      await nc.close();
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  }, 120_000);

  it('flags the jump in words on the discovery row and on the card, without hiding the creator', async () => {
    const tab = await openTab(browser, stack.gatewayUrl());
    tabs.push(tab);
    const { page } = tab;
    await signIn(page, brand.email, PASSWORD);
    await page.getByRole('link', { name: 'Discover' }).click();
    await page.getByRole('heading', { name: 'Discover creators' }).waitFor();
    const row = page.getByRole('row', { name: /Jo Jumps/ });
    // Metrics lists the creator and its signals once the profile and the follower rollups have reached it.
    for (let i = 0; i < 30 && !(await row.getByText(expected).count()); i++) {
      await page.waitForTimeout(1_000);
      await page.reload();
      await page.getByRole('heading', { name: 'Discover creators' }).waitFor();
    }
    await row.getByText('Follower jump', { exact: true }).waitFor();
    await row.getByText(expected).waitFor();
    await capture(page, 'brand-discover-signal', a11y);

    await row.getByRole('link', { name: 'Jo Jumps' }).click();
    const note = page.getByRole('note', { name: 'Worth a look' });
    await note.waitFor();
    expect(await note.textContent()).toMatch(expected);
    expect(await note.textContent()).toMatch(/A typical day gains [\d,]+; a day is flagged above [\d,]+ \(8 typical deviations of [\d,]+ above it\), judged on 30 days of follower counts\./);
    // The creator's figures are shown as reported beside the flag.
    expect(await page.locator('.kpi-value').first().textContent()).not.toBe('—');
    await capture(page, 'brand-card-signal', a11y);
    expect(a11y).toEqual({});
  }, 120_000);
});
