import { describe, expect, it } from '@jest/globals';
import { agency, api, newHandle, PASSWORD, signUp } from './support/accounts.js';
import { signIn } from './support/browser.js';
import { usePortalStack } from './support/portal-stack.js';

/**
 * The seed journey in a real browser against the real stack: delegation, roster, card,
 * offer, counter, accept, drafts and reviews, completion, revocation.
 */
describe('portal journey', () => {
  const portal = usePortalStack();

  const open = () => portal.tab();

  it('takes an offer from delegation to the completed tab, and a revocation empties the roster', async () => {
    const base = portal.base();
    const team = await agency(base);
    const brand = await signUp(base, 'brand', 'Acme Drinks');

    // The creator signs up in the portal.
    const creator = await open();
    const handle = newHandle();
    const email = `${handle}@example.test`;
    await creator.page.goto('/signup');
    await portal.capture(creator.page, 'signup');
    await creator.page.getByLabel('Name').fill('Casey Creator');
    await creator.page.getByLabel('Email').fill(email);
    await creator.page.getByLabel('Password').fill(PASSWORD);
    await creator.page.getByLabel('Handle').fill(handle);
    await creator.page.getByRole('button', { name: 'Create account' }).click();
    await creator.page.getByRole('heading', { name: 'Agency access' }).waitFor();
    const creatorId = (await api.expect<{ user: { id: string } }>(base, 'POST', '/v1/auth/login', 200, { email, password: PASSWORD })).user.id;

    // The agency owner asks for access in the portal.
    const owner = await open();
    await signIn(owner.page, team.owner.email, PASSWORD);
    await owner.page.getByRole('link', { name: 'Delegations' }).click();
    await owner.page.getByLabel('Creator handle').fill(handle);
    // Rights in words: "Change rates" is the rates:write scope.
    await owner.page.getByLabel('Change rates').check();
    await owner.page.getByRole('button', { name: 'Send request' }).click();
    await owner.page.getByRole('cell', { name: 'pending' }).waitFor();
    await portal.capture(owner.page, 'agency-delegations');

    // The creator approves with fewer rights (no rates:write).
    await creator.page.reload();
    await creator.page.getByLabel('Change rates').uncheck();
    await portal.capture(creator.page, 'creator-grants');
    await creator.page.getByRole('button', { name: 'Approve with fewer rights' }).click();
    await creator.page.getByRole('heading', { name: 'Active grants (1)' }).waitFor();

    // The manager sees the creator on the roster and opens the card.
    const manager = await open();
    await signIn(manager.page, team.manager.email, PASSWORD);
    await manager.page.getByRole('heading', { name: 'Roster' }).waitFor();
    await manager.page.getByRole('link', { name: 'Casey Creator' }).waitFor();
    await portal.capture(manager.page, 'roster');
    await manager.page.getByRole('link', { name: 'Casey Creator' }).click();
    await manager.page.getByRole('heading', { name: 'Casey Creator' }).waitFor();
    await manager.page.getByRole('tab', { name: /Pending/ }).waitFor();

    // A brand creates a campaign and sends an offer below the rate card would allow.
    const brandTab = await open();
    await signIn(brandTab.page, brand.email, PASSWORD);
    await brandTab.page.getByLabel('Name').fill('Summer launch');
    await brandTab.page.getByLabel('Budget (USD)').fill('5000');
    await brandTab.page.getByRole('button', { name: 'Create campaign' }).click();
    await brandTab.page.getByRole('heading', { name: 'Summer launch' }).waitFor();
    // Not in the marketplace: the brand finds the creator by the exact handle they gave out.
    await brandTab.page.getByLabel('Creator', { exact: true }).fill(`@${handle}`);
    await brandTab.page.getByRole('list', { name: 'Creators found' }).getByRole('button', { name: `Casey Creator @${handle}` }).click();
    await brandTab.page.getByLabel('Price (USD)').fill('800');
    await portal.capture(brandTab.page, 'brand-campaign');
    await brandTab.page.getByRole('button', { name: 'Send offer' }).click();
    // The offer page is headed by its campaign's name, as the campaign page is: wait for the move.
    await brandTab.page.waitForURL(/\/offers\/[0-9a-f-]{36}$/);
    await brandTab.page.getByRole('heading', { name: 'Summer launch', level: 1 }).waitFor();
    const offerPath = new URL(brandTab.page.url()).pathname;

    // The manager counters from the card's pending tab.
    // The card's tabs are campaigns' projection of the offer's events: reload until it is there.
    const sent = manager.page.getByRole('link', { name: /Summer launch/ });
    for (let i = 0; i < 20; i++) {
      await manager.page.reload();
      await manager.page.getByRole('tab', { name: /Pending/ }).waitFor();
      if (await sent.waitFor({ timeout: 1_000 }).then(() => true, () => false)) break;
    }
    await sent.click();
    await manager.page.getByRole('heading', { name: 'Summer launch', level: 1 }).waitFor();
    await manager.page.getByLabel('Price (USD)').fill('1200');
    await manager.page.getByLabel('Comment').fill('Our rate for one video');
    await manager.page.getByRole('button', { name: 'Send counter-offer' }).click();
    await manager.page.getByText('version 2 by the creator').waitFor();

    // The brand sees the diff and accepts version 2.
    await brandTab.page.reload();
    await brandTab.page.getByRole('table', { name: /Changes from version 1 to version 2/ }).waitFor();
    expect(await brandTab.page.getByRole('table', { name: /Changes from version 1/ }).getByRole('row', { name: /^Price/ }).textContent()).toMatch(/\$800\.00.*\$1,200\.00/);
    await portal.capture(brandTab.page, 'offer-negotiation');
    await brandTab.page.getByRole('button', { name: 'Accept version 2' }).click();
    await brandTab.page.getByText('Drafts and feedback').waitFor();

    // The creator sees it active.
    await creator.page.getByRole('link', { name: 'Offers' }).click();
    await creator.page.getByRole('tab', { name: 'Active', exact: true }).click();
    await creator.page.getByRole('link', { name: /Summer launch/ }).waitFor();
    await portal.capture(creator.page, 'creator-offers');

    // Draft, changes requested, second draft, approved, completed.
    await manager.page.reload();
    const submitDraft = async (url: string) => {
      await manager.page.getByLabel('Draft URL').fill(url);
      await manager.page.getByLabel('Caption').fill('Sunny day with Acme');
      await manager.page.getByRole('button', { name: 'Submit draft' }).click();
      await manager.page.getByRole('link', { name: url }).waitFor();
    };
    await submitDraft('https://videos.example.test/draft-1');
    await brandTab.page.reload();
    await brandTab.page.getByRole('textbox', { name: 'Your feedback on this draft' }).fill('Show the can earlier');
    await brandTab.page.getByRole('button', { name: 'Request changes' }).click();
    await brandTab.page.getByText('Changes requested: Show the can earlier').waitFor();
    await manager.page.reload();
    await submitDraft('https://videos.example.test/draft-2');
    await portal.capture(manager.page, 'offer-drafts');
    await brandTab.page.reload();
    await brandTab.page.getByRole('button', { name: 'Approve draft' }).click();
    await brandTab.page.getByRole('button', { name: 'Mark completed' }).click();
    await brandTab.page.getByText(/work\s+completed/).waitFor();

    // The offer reaches the card's completed tab.
    await manager.page.goto(`/creators/${creatorId}`);
    await manager.page.getByRole('tab', { name: /Completed/ }).click();
    await manager.page.getByRole('link', { name: /Summer launch/ }).waitFor();
    await portal.capture(manager.page, 'creator-card');
    expect(await manager.page.getByRole('tab', { name: /Completed/ }).textContent()).toMatch(/1$/);

    // The creator revokes; the manager's open roster drops the creator at its next refresh.
    await manager.page.goto('/roster');
    await manager.page.getByRole('link', { name: 'Casey Creator' }).waitFor();
    await creator.page.getByRole('link', { name: 'Agency access' }).click();
    await portal.capture(creator.page, 'creator-active-grant');
    await creator.page.getByRole('button', { name: 'Revoke access…' }).click();
    // The offer is completed: nothing live to warn about.
    const confirm = creator.page.getByRole('dialog', { name: /^Revoke .*'s access\?$/ });
    await confirm.getByText(/^You have no live deals /).waitFor();
    await confirm.getByRole('button', { name: 'Revoke access', exact: true }).click();
    await creator.page.getByText('No agency acts for you.').waitFor();
    await manager.page.getByText(/No creators yet/).waitFor({ timeout: 15_000 });

    await creator.page.getByRole('link', { name: 'Audit log' }).click();
    await creator.page.getByRole('cell', { name: /^You revoked access for Agency \w+$/ }).first().waitFor();
    await portal.capture(creator.page, 'creator-audit');
    // The agency's owner reads who revoked, by name.
    await owner.page.getByRole('link', { name: 'Audit log' }).click();
    await owner.page.getByRole('cell', { name: 'Casey Creator revoked access', exact: true }).waitFor();
    await portal.capture(owner.page, 'agency-audit-revoked');
    expect(offerPath).toMatch(/^\/offers\//);

    portal.expectClean();
  }, 240_000);
});
