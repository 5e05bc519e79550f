import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { agency, api, newHandle, PASSWORD, signUp } from './support/accounts.js';
import { signIn } from './support/browser.js';
import { usePortalStack } from './support/portal-stack.js';

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const OPERATOR = `operator-${randomUUID().slice(0, 8)}@example.test`;

/** Polls `check` until it answers something truthy (projections follow events within moments). */
async function until<T>(what: string, check: () => Promise<T | false | undefined | null>, attempts = 60): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gave up waiting: ${what}`);
}

/**
 * Care on destructive acts, in a real browser: revoking names the live deals and what becomes of
 * them before anything happens; owners assign members by name (and a re-grant keeps them); the
 * creator edits the profile with errors beside the fields; an operator issues a key shown once.
 */
describe('portal: revocation, assignees, profile and API keys', () => {
  const portal = usePortalStack({ PLATFORM_ADMINS: OPERATOR });
  let base: string;

  beforeAll(async () => {
    base = portal.base();
  }, 180_000);

  const tab = () => portal.tab();

  it('the owner assigns a manager by name; the creator revokes after reading which deals go on and how; a re-grant brings the manager back', async () => {
    const team = await agency(base);
    const brand = await signUp(base, 'brand', 'Acme Drinks');
    const handle = newHandle();
    const creatorEmail = `${handle}@example.test`;
    const creator = await api.expect<{ user: { id: string }; accessToken: string }>(base, 'POST', '/v1/auth/signup', 201, { email: creatorEmail, password: PASSWORD, name: 'Casey Care', kind: 'creator', handle });
    const creatorId = creator.user.id;
    const grant = async () => {
      const g = await api.expect<{ id: string }>(base, 'POST', '/v1/delegations', 201, { creatorHandle: handle, scopes: ['campaigns:read', 'offers:negotiate'] }, team.owner.accessToken);
      await api.expect(base, 'POST', `/v1/delegations/${g.id}/approve`, 200, {}, creator.accessToken);
    };
    await grant();
    const campaign = (name: string) =>
      api.expect<{ id: string }>(base, 'POST', '/v1/campaigns', 201, { name, brief: 'Show the drink.', budget: { amount: 5_000_000, currency: 'USD' }, startsAt: day(1), endsAt: day(40), deliverables: [{ type: 'video', quantity: 1, dueAt: day(20) }] }, brand.accessToken);
    const offer = (campaignId: string) =>
      until('campaigns knows the creator', async () => {
        const res = await api.call<{ id: string }>(base, 'POST', `/v1/campaigns/${campaignId}/offers`, { creatorId, price: { amount: 250_000, currency: 'USD' }, deliverables: [{ type: 'video', quantity: 1, dueAt: day(20) }] }, brand.accessToken);
        return res.status === 201 && res.body.id;
      });
    const waiting = await offer((await campaign('Summer launch')).id);
    const agreed = await offer((await campaign('Winter warmers')).id);
    await api.expect(base, 'POST', `/v1/offers/${agreed}/accept`, 200, { version: 1 }, creator.accessToken);
    await until('both offers in the creator’s live tabs', async () => {
      const tab = (t: string) => api.expect<{ items: { offerId: string; status: string }[] }>(base, 'GET', `/v1/creators/${creatorId}/campaigns?tab=${t}`, 200, undefined, creator.accessToken);
      return (await tab('pending')).items.some((o) => o.offerId === waiting) && (await tab('active')).items.some((o) => o.offerId === agreed);
    });

    // The owner picks the manager by name.
    const members = await api.expect<{ items: { userId: string; name: string }[] }>(base, 'GET', `/v1/orgs/${team.owner.orgId}/members`, 200, undefined, team.owner.accessToken);
    const nameOf = (userId: string) => members.items.find((m) => m.userId === userId)!.name;
    const managerName = nameOf(team.manager.userId);
    const owner = await tab();
    await signIn(owner.page, team.owner.email, PASSWORD);
    await owner.page.getByRole('button', { name: 'Change who manages Casey Care' }).click();
    const picker = owner.page.getByRole('dialog', { name: 'Who manages Casey Care?' });
    await picker.getByRole('checkbox', { name: `${managerName} manager` }).check();
    expect(await picker.getByRole('checkbox', { name: `${nameOf(team.viewer.userId)} viewer: viewers cannot manage creators` }).isDisabled()).toBe(true);
    await portal.capture(owner.page, 'roster-assignee-picker');
    await picker.getByRole('button', { name: 'Save assignees' }).click();
    const caseyRow = owner.page.getByRole('row', { name: /Casey Care/ });
    await caseyRow.getByRole('cell', { name: new RegExp(managerName) }).waitFor();

    // The creator starts to revoke: the dialog names both deals and what happens to each.
    const casey = await tab();
    await signIn(casey.page, creatorEmail, PASSWORD);
    await casey.page.getByRole('button', { name: 'Revoke access…' }).click();
    const confirm = casey.page.getByRole('dialog', { name: /^Revoke .*'s access\?$/ });
    const deals = confirm.getByRole('list', { name: 'Live deals' });
    await deals.getByRole('link', { name: 'Summer launch' }).waitFor();
    await deals.getByRole('link', { name: 'Winter warmers' }).waitFor();
    expect(await confirm.textContent()).toContain('2 live deals continue: nothing is cancelled, withdrawn or declined');
    await deals.getByText('Stays open: you answer the brand yourself').waitFor();
    await deals.getByText('The agreement stands: you deliver').waitFor();
    await portal.capture(casey.page, 'creator-revoke-confirmation');

    // Keeping access changes nothing; confirming revokes.
    await confirm.getByRole('button', { name: 'Keep access' }).click();
    await confirm.waitFor({ state: 'hidden' });
    const grants = await api.expect<{ items: { status: string }[] }>(base, 'GET', '/v1/delegations?status=active', 200, undefined, creator.accessToken);
    expect(grants.items).toHaveLength(1);
    await casey.page.getByRole('button', { name: 'Revoke access…' }).click();
    await confirm.getByRole('button', { name: 'Revoke access', exact: true }).click();
    await casey.page.getByText('No agency acts for you.').waitFor();
    await owner.page.getByText(/No creators yet/).waitFor({ timeout: 15_000 });
    // Revoking changed no offer.
    expect((await api.expect<{ status: string }>(base, 'GET', `/v1/offers/${waiting}`, 200, undefined, creator.accessToken)).status).toBe('awaiting_response');

    // The same agency, granted again: the manager still manages Casey.
    await grant();
    await caseyRow.getByRole('cell', { name: new RegExp(managerName) }).waitFor({ timeout: 15_000 });

    portal.expectClean();
  }, 240_000);

  it('the creator edits categories, regions, languages and vacation, with errors beside the fields', async () => {
    const handle = newHandle();
    const email = `${handle}@example.test`;
    const creator = await api.expect<{ user: { id: string }; accessToken: string }>(base, 'POST', '/v1/auth/signup', 201, { email, password: PASSWORD, name: 'Pat Profile', kind: 'creator', handle });
    const me = await tab();
    await signIn(me.page, email, PASSWORD);
    await me.page.getByRole('link', { name: 'Profile & rates' }).click();
    const form = me.page.getByRole('form', { name: 'Profile' });
    await form.getByRole('checkbox', { name: 'Dance' }).check();
    await form.getByRole('checkbox', { name: 'Fitness' }).check();
    await form.getByLabel('Regions').fill('US, XX');
    await form.getByLabel('Languages').fill('en, english');
    await form.getByLabel('On vacation until').fill('2020-01-01');
    await form.getByRole('button', { name: 'Save profile' }).click();
    // Each message sits under its field, tied to it for screen readers.
    const errorOf = async (label: string) => {
      const described = await form.getByLabel(label).getAttribute('aria-describedby');
      return described ? me.page.locator(`[id="${described}"]`).textContent() : null;
    };
    expect(await errorOf('Regions')).toBe('XX is not a two-letter country code (e.g. US)');
    expect(await errorOf('Languages')).toBe('english is not a language code (e.g. en or pt-BR)');
    expect(await errorOf('On vacation until')).toMatch(/^Choose today or a later date/);
    await portal.capture(me.page, 'creator-profile-errors');

    const awayUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Regions').fill('us, br');
    await form.getByLabel('Languages').fill('en, pt-br');
    await form.getByLabel('On vacation until').fill(awayUntil);
    await form.getByText('US (United States), BR (Brazil)').waitFor();
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    expect(await api.expect(base, 'GET', `/v1/creators/${creator.user.id}/profile`, 200, undefined, creator.accessToken)).toMatchObject({
      categories: ['dance', 'fitness'],
      regions: ['US', 'BR'],
      languages: ['en', 'pt-BR'],
      onVacationUntil: `${awayUntil}T23:59:59.000Z`,
      available: false,
    });
    await me.page.reload();
    expect(await form.getByLabel('Languages').inputValue()).toBe('en, pt-BR');
    expect(await form.getByLabel('On vacation until').inputValue()).toBe(awayUntil);

    // Back from vacation: clearing the date makes the creator available again.
    await form.getByLabel('On vacation until').fill('');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.getByText(/· available/).waitFor();

    portal.expectClean();
  }, 120_000);

  it('an operator issues a key shown once with copy, lists keys without secrets, and revokes one', async () => {
    await api.expect(base, 'POST', '/v1/auth/signup', 201, { email: OPERATOR, password: PASSWORD, name: 'Oli Operator', kind: 'manager' });
    const creator = await api.expect<{ user: { id: string } }>(base, 'POST', '/v1/auth/signup', 201, { email: `${newHandle()}@example.test`, password: PASSWORD, name: 'Kim Keys', kind: 'creator', handle: newHandle() });
    const ops = await tab();
    await ops.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await signIn(ops.page, OPERATOR, PASSWORD);
    // An operator without an organization lands on the keys, not on "no organization yet".
    await ops.page.getByRole('heading', { name: 'API keys' }).waitFor();
    await ops.page.getByText('No key issued yet.').waitFor();

    const form = ops.page.getByRole('form', { name: 'Issue an API key' });
    await form.getByRole('button', { name: 'Issue key' }).click();
    await form.getByText('Name the connector that will use this key').waitFor();
    await form.getByLabel('Name').fill('Nightly connector');
    await form.getByRole('button', { name: 'Issue key' }).click();
    const shown = ops.page.getByRole('region', { name: 'New API key' });
    const key = await shown.getByLabel('API key').inputValue();
    expect(key).toMatch(/^tpk_[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    await shown.getByRole('button', { name: 'Copy key' }).click();
    await shown.getByText('Copied to the clipboard.').waitFor();
    expect(await ops.page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await ops.page.getByRole('row', { name: /Nightly connector/ }).getByText('active').waitFor();
    await portal.capture(ops.page, 'operator-api-keys');

    // The key works for a connector.
    const ingest = () =>
      fetch(`${base}/v1/ingest/followers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ records: [{ observationId: randomUUID(), creatorId: creator.user.id, observedAt: new Date().toISOString(), followers: 10 }] }),
      });
    expect((await ingest()).status).toBe(202);

    // Once dismissed, or after a reload, the secret is nowhere on the page.
    const secret = key.split('.')[1]!;
    await shown.getByRole('button', { name: 'Done, I stored it' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await ops.page.content()).not.toContain(secret);
    await ops.page.reload();
    await ops.page.getByRole('row', { name: /Nightly connector/ }).waitFor();
    expect(await ops.page.content()).not.toContain(secret);

    await ops.page.getByRole('button', { name: 'Revoke Nightly connector' }).click();
    const confirm = ops.page.getByRole('dialog', { name: 'Revoke Nightly connector?' });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await ops.page.getByRole('row', { name: /Nightly connector/ }).getByText(/^revoked/).waitFor();
    expect((await ingest()).status).toBe(401);

    portal.expectClean();
  }, 120_000);
});
