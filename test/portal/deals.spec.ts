import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { agency, api, grantedCreator, PASSWORD, signUp } from './support/accounts.js';
import { signIn } from './support/browser.js';
import { usePortalStack } from './support/portal-stack.js';

const DAY = 86_400_000;

/**
 * The deals inbox in a real browser: a manager follows offers of several creators in one list,
 * narrows it to what needs them, downloads the list and the roster as CSV, and opens an offer that
 * names its campaign, brand and creator.
 */
describe('portal deals inbox', () => {
  const portal = usePortalStack();

  it('lists offers of several creators, filters "Needs you", and opens one with its context', async () => {
    const base = portal.base();
    const team = await agency(base);
    const brand = await signUp(base, 'brand', 'Acme Drinks');
    const names = ['Casey Creator', 'Robin Reels', 'Jo Jumps'];
    const creators: { id: string; token: string }[] = [];
    for (const name of names) {
      const session = await grantedCreator(base, team.owner, name);
      creators.push({ id: session.user.id, token: session.accessToken });
    }
    const dueAt = new Date(Date.now() + 20 * DAY).toISOString();
    const campaign = await api.expect<{ id: string }>(base, 'POST', '/v1/campaigns', 201, {
      name: 'Summer launch',
      brief: 'Show the drink at the beach.',
      budget: { amount: 5_000_000, currency: 'USD' },
      startsAt: new Date(Date.now() + DAY).toISOString(),
      endsAt: new Date(Date.now() + 40 * DAY).toISOString(),
      deliverables: [{ type: 'video', quantity: 1, dueAt }],
    }, brand.accessToken);
    const offerIds: string[] = [];
    for (const c of creators) {
      // Campaigns learns of a new creator from identity's sign-up event: retry until it has.
      for (let attempt = 0; ; attempt++) {
        const res = await api.call<{ id: string }>(base, 'POST', `/v1/campaigns/${campaign.id}/offers`, { creatorId: c.id, price: { amount: 250_000, currency: 'USD' }, deliverables: [{ type: 'video', quantity: 1, dueAt }] }, brand.accessToken);
        if (res.status === 201) {
          offerIds.push(res.body.id);
          break;
        }
        if (attempt > 50) throw new Error(`offer to ${c.id}: ${res.status}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // The manager counters the last offer: it now waits on the brand, not on the agency.
    const last = await api.expect<{ currentTerms: Record<string, unknown> }>(base, 'GET', `/v1/offers/${offerIds[2]}`, 200, undefined, team.manager.accessToken);
    await api.expect(base, 'POST', `/v1/offers/${offerIds[2]}/proposals`, 201, { baseVersion: 1, terms: { ...last.currentTerms, price: { amount: 300_000, currency: 'USD' } } }, team.manager.accessToken);

    const manager = await portal.tab();
    await signIn(manager.page, team.manager.email, PASSWORD);
    await manager.page.getByRole('link', { name: 'Deals' }).click();
    await manager.page.getByRole('heading', { name: 'Deals' }).waitFor();
    const rows = manager.page.getByRole('region', { name: 'Deals' }).getByRole('row');
    // Campaigns' projection follows negotiation's events within moments: reload until all three show.
    for (let attempt = 0; (await rows.count()) < 4; attempt++) {
      if (attempt > 30) throw new Error('the deals did not show');
      await manager.page.waitForTimeout(500);
      await manager.page.reload();
      await manager.page.getByRole('heading', { name: 'Deals' }).waitFor();
    }
    for (const name of names) await manager.page.getByRole('cell', { name: new RegExp(name) }).waitFor();
    await manager.page.getByText('$2,500.00').first().waitFor();
    await portal.capture(manager.page, 'deals');

    // The whole list as a spreadsheet, fetched with the session's token (never in a URL).
    const csvOf = async (button: ReturnType<typeof manager.page.getByRole>) => {
      const [download] = await Promise.all([manager.page.waitForEvent('download'), button.click()]);
      expect(download.url()).toMatch(/^blob:/);
      const text = readFileSync(await download.path(), 'utf8');
      return { name: download.suggestedFilename(), rows: parse(text, { columns: true }) as Record<string, string>[] };
    };
    const dealsFile = await csvOf(manager.page.getByRole('button', { name: 'Download CSV' }));
    expect(dealsFile.name).toBe('deals.csv');
    expect(dealsFile.rows.map((r) => r.Creator).sort()).toEqual([...names].sort());
    expect(dealsFile.rows.map((r) => r.Price).sort()).toEqual(['2500.00', '2500.00', '3000.00']);

    await manager.page.getByRole('link', { name: /Needs you/ }).click();
    await manager.page.getByRole('cell', { name: /Robin Reels/ }).waitFor();
    expect(await manager.page.getByRole('link', { name: /Needs you/ }).textContent()).toMatch(/2$/);
    expect(await manager.page.getByRole('cell', { name: /Jo Jumps/ }).count()).toBe(0);

    await manager.page.getByRole('link', { name: 'Summer launch' }).first().click();
    await manager.page.getByRole('heading', { name: 'Summer launch' }).waitFor();
    const context = manager.page.getByRole('definition');
    await context.filter({ hasText: 'Acme Drinks' }).waitFor();
    await context.filter({ hasText: 'Show the drink at the beach.' }).waitFor();
    await manager.page.getByText(/Casey Creator|Robin Reels/).first().waitFor();
    await manager.page.getByText('Respond by').waitFor();
    await portal.capture(manager.page, 'offer-context');

    await manager.page.getByRole('link', { name: 'Roster' }).click();
    await manager.page.getByRole('heading', { name: 'Roster' }).waitFor();
    const rosterFile = await csvOf(manager.page.getByRole('button', { name: 'Download CSV' }));
    expect(rosterFile.name).toBe('roster.csv');
    expect(rosterFile.rows.map((r) => `${r.Creator}: ${r.Access}`).sort()).toEqual(names.map((n) => `${n}: See campaigns and offers; negotiate offers`).sort());

    portal.expectClean();
  }, 240_000);
});
