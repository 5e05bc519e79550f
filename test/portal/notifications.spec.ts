import { describe, expect, it } from '@jest/globals';
import { schemaOf } from '#libs/contracts';
import { withPgClient } from '#libs/testing';
import { agency, api, grantedCreator, PASSWORD, signUp } from './support/accounts.js';
import { signIn } from './support/browser.js';
import { usePortalStack } from './support/portal-stack.js';

const DAY = 86_400_000;

/**
 * The live bell in a real browser: the brand has the portal open while the agency's manager
 * counters an offer through the API; the count goes up without a reload, the notifications page
 * lists the counter-proposal, and "Mark all read" brings the count back to zero.
 */
describe('portal notifications', () => {
  const portal = usePortalStack();

  it("shows a counter-proposal on the brand's bell without a reload, lists it, and marks it read", async () => {
    const base = portal.base();
    const team = await agency(base);
    const brand = await signUp(base, 'brand', 'Acme Drinks');
    const creator = await grantedCreator(base, team.owner, 'Casey Creator');
    const dueAt = new Date(Date.now() + 20 * DAY).toISOString();
    const campaign = await api.expect<{ id: string }>(base, 'POST', '/v1/campaigns', 201, {
      name: 'Summer launch',
      brief: 'Show the drink at the beach.',
      budget: { amount: 5_000_000, currency: 'USD' },
      startsAt: new Date(Date.now() + DAY).toISOString(),
      endsAt: new Date(Date.now() + 40 * DAY).toISOString(),
      deliverables: [{ type: 'video', quantity: 1, dueAt }],
    }, brand.accessToken);
    let offerId = '';
    // Campaigns learns of a new creator from identity's sign-up event: retry until it has.
    for (let attempt = 0; !offerId; attempt++) {
      const res = await api.call<{ id: string }>(base, 'POST', `/v1/campaigns/${campaign.id}/offers`, { creatorId: creator.user.id, price: { amount: 250_000, currency: 'USD' }, deliverables: [{ type: 'video', quantity: 1, dueAt }] }, brand.accessToken);
      if (res.status === 201) offerId = res.body.id;
      else if (attempt > 50) throw new Error(`offer: ${res.status}`);
      else await new Promise((r) => setTimeout(r, 200));
    }

    const tab = await portal.tab();
    const { page } = tab;
    // The stream is open once the gateway has answered it; only then does "without a reload" mean anything.
    const streamOpen = page.waitForResponse((r) => r.url().endsWith('/v1/notifications/stream') && r.status() === 200);
    await signIn(page, brand.email, PASSWORD);
    await streamOpen;
    const bell = page.getByRole('link', { name: /^Notifications/ });
    await page.waitForFunction(() => document.querySelector('[data-testid="unread-count"]')?.textContent?.endsWith('0'));
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));

    const last = await api.expect<{ currentTerms: Record<string, unknown> }>(base, 'GET', `/v1/offers/${offerId}`, 200, undefined, team.manager.accessToken);
    const sentAt = Date.now();
    await api.expect(base, 'POST', `/v1/offers/${offerId}/proposals`, 201, { baseVersion: 1, terms: { ...last.currentTerms, price: { amount: 300_000, currency: 'USD' } } }, team.manager.accessToken);
    await page.waitForFunction(() => document.querySelector('[data-testid="unread-count"]')?.textContent?.endsWith('1'), undefined, { timeout: 10_000 });
    console.info(`counter-proposal to the brand's bell: ${Date.now() - sentAt} ms`);
    expect(loads).toEqual([]);
    await portal.capture(page, 'notifications-bell');

    await bell.click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    const unread = page.locator('li.unread');
    await unread.first().waitFor();
    expect(await unread.count()).toBe(1);
    const link = unread.getByRole('link', { name: 'New terms for Summer launch' });
    expect(await link.getAttribute('href')).toBe(`/offers/${offerId}`);
    await unread.getByText('The creator side proposed $3,000.00').waitFor();
    const digest = page.getByRole('group', { name: 'The other side proposes new terms' }).getByRole('radio', { name: 'Gather into a digest' });
    await digest.check();
    expect(await digest.isChecked()).toBe(true);
    await portal.capture(page, 'notifications');

    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByText('Everything is read.').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="unread-count"]')?.textContent?.endsWith('0'));
    const prefs = await api.expect<{ email: Record<string, string> }>(base, 'GET', '/v1/notification-preferences', 200, undefined, brand.accessToken);
    expect(prefs.email['offer.countered']).toBe('digest');

    expect(await unread.count()).toBe(0);
    expect(await page.locator('li.read').count()).toBe(1);
    portal.expectClean();
  }, 240_000);

  it("turns one kind's mail off from a mail's unsubscribe link, signed out, only once confirmed", async () => {
    const base = portal.base();
    const brand = await signUp(base, 'brand', 'Unsubscribing Brand');
    // The token is the one every mail's link carries; mail is not sent in this stack, so read it where the service keeps it.
    let token: string | undefined;
    for (let attempt = 0; !token; attempt++) {
      if (attempt > 50) throw new Error('the notifications service did not learn of the brand');
      token = await withPgClient(portal.stack.db.url, async (c) => (await c.query<{ t: string }>(`select "unsubscribe_token" as t from "${schemaOf('notifications')}"."people" where "user_id" = $1`, [brand.userId])).rows[0]?.t);
      if (!token) await new Promise((r) => setTimeout(r, 200));
    }
    const tab = await portal.tab();
    await tab.page.goto(`/unsubscribe?token=${token}&kind=offer.countered`);
    await tab.page.getByText('The other side proposes new terms').waitFor();
    const before = await api.expect<{ email: Record<string, string> }>(base, 'GET', '/v1/notification-preferences', 200, undefined, brand.accessToken);
    expect(before.email['offer.countered']).toBe('instant');
    await tab.page.getByRole('button', { name: 'Turn off these e-mails' }).click();
    await tab.page.getByText(/you will get no more e-mail when this happens — the other side proposes new terms/).waitFor();
    await portal.capture(tab.page, 'unsubscribe');
    const after = await api.expect<{ email: Record<string, string> }>(base, 'GET', '/v1/notification-preferences', 200, undefined, brand.accessToken);
    expect(after.email['offer.countered']).toBe('off');
    expect(after.email['offer.received']).toBe('instant');
    expect(portal.a11y).toEqual({});
    expect(tab.problems).toEqual([]);
  }, 120_000);
});
