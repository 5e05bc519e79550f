import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { agency, api, grantedCreator, PASSWORD, signUp } from './support/accounts.js';
import { OUTPUT_DIR, signIn } from './support/browser.js';
import { usePortalStack } from './support/portal-stack.js';

const DAY = 86_400_000;

/**
 * Money after the handshake in a real browser: the brand sends an offer with a milestone and an
 * exclusivity category, the agency's manager counters a due date, the brand accepts on the
 * offer page, both parties sign the contract there, and the payments panel shows the schedule
 * with each payment's split by the agency's commission; once the brand marks a payment paid, the
 * agency's manager finds it on the month's statement and downloads it as CSV, and on the Payments
 * page with its totals and status filter; the brand asks to cancel and the agency sees who asked,
 * why and the settlement by stage.
 */
describe('portal contract and payments', () => {
  const portal = usePortalStack();

  it('the brand accepts a countered offer with a milestone; both sign; the schedule shows its split', async () => {
    const base = portal.base();
    const team = await agency(base);
    const brand = await signUp(base, 'brand', 'Fizz Co');
    const creator = await grantedCreator(base, team.owner, 'Casey Creator');
    const { handle, email: creatorEmail } = creator;
    // The agency's commission: 20 %, a quarter of it the manager's (roster follows the grant first).
    for (let attempt = 0; ; attempt++) {
      const res = await api.call(base, 'PUT', `/v1/roster/${creator.user.id}/commission`, { percent: 20, splits: [{ userId: team.manager.userId, percent: 25 }], version: 0 }, team.owner.accessToken);
      if (res.status === 200) break;
      if (attempt > 50) throw new Error(`commission: ${res.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const dueAt = new Date(Date.now() + 20 * DAY).toISOString();
    const campaign = await api.expect<{ id: string }>(base, 'POST', '/v1/campaigns', 201, {
      name: 'Fizz summer',
      budget: { amount: 5_000_000, currency: 'USD' },
      startsAt: new Date(Date.now() + DAY).toISOString(),
      endsAt: new Date(Date.now() + 40 * DAY).toISOString(),
      deliverables: [{ type: 'video', quantity: 1, dueAt }],
    }, brand.accessToken);
    // The brand sends the offer from the campaign page, setting its terms in the send form.
    const brandTab = await portal.tab();
    await signIn(brandTab.page, brand.email, PASSWORD);
    await brandTab.page.goto(`/campaigns/${campaign.id}`);
    const sendForm = brandTab.page.getByRole('form', { name: 'Send an offer' });
    // The brand finds the creator by the exact handle they gave out (profiles follow sign-up in moments).
    const found = sendForm.getByRole('list', { name: 'Creators found' }).getByRole('button', { name: `Casey Creator @${handle}` });
    for (let attempt = 0; !(await found.count()); attempt++) {
      if (attempt > 50) throw new Error('the creator was never found');
      await sendForm.getByLabel('Creator', { exact: true }).fill(attempt % 2 ? `@${handle}` : handle);
      await found.waitFor({ timeout: 500 }).catch(() => undefined);
    }
    await found.click();
    await sendForm.getByLabel('Price (USD)').fill('1000');
    await sendForm.getByText('Payment, rights and due dates').click();
    await sendForm.getByLabel('Upfront payment (%)').fill('30');
    await sendForm.getByLabel('Payment due (net days)').fill('10');
    await sendForm.getByLabel('Exclusivity (days)').fill('30');
    await sendForm.getByLabel('Exclusivity category').fill('soft drinks');
    await sendForm.getByRole('button', { name: 'Add a milestone' }).click();
    const milestone = sendForm.getByRole('group', { name: 'Milestone 1' });
    await milestone.getByLabel('Name').fill('Video approved');
    await milestone.getByLabel('Amount').fill('200');
    await milestone.getByLabel('Which deliverable').selectOption({ label: 'Video' });
    await portal.capture(brandTab.page, 'send-offer-terms');
    // Campaigns learns of a new creator from identity's sign-up event: send again until it has.
    for (let attempt = 0; !/\/offers\/[0-9a-f-]{36}$/.test(brandTab.page.url()); attempt++) {
      if (attempt > 50) throw new Error('the offer was never sent');
      await sendForm.getByRole('button', { name: 'Send offer' }).click();
      await brandTab.page.waitForURL(/\/offers\/[0-9a-f-]{36}$/, { timeout: 1_000 }).catch(() => undefined);
    }
    const offerId = brandTab.page.url().split('/').pop()!;
    const sent = await api.expect<{ currentTerms: Record<string, unknown> }>(base, 'GET', `/v1/offers/${offerId}`, 200, undefined, brand.accessToken);
    expect(sent.currentTerms).toMatchObject({
      price: { amount: 100_000, currency: 'USD' },
      paymentTerms: { upfrontPercent: 30, netDays: 10, milestones: [{ name: 'Video approved', amount: { amount: 20_000, currency: 'USD' }, trigger: 'deliverable_approved', deliverable: 'video' }] },
      exclusivityDays: 30,
      exclusivityCategory: 'soft drinks',
    });

    // The agency's manager counters the video's due date in the counter-offer form.
    const counterTab = await portal.tab();
    await signIn(counterTab.page, team.manager.email, PASSWORD);
    await counterTab.page.goto(`/offers/${offerId}`);
    const counter = counterTab.page.getByRole('form', { name: 'Counter-offer' });
    const later = new Date(Date.parse(dueAt) + 5 * DAY).toISOString().slice(0, 10);
    await counter.getByLabel('Video: due on').fill(later);
    await counter.getByLabel('Comment').fill('Five more days for the video');
    await counter.getByRole('button', { name: 'Send counter-offer' }).click();
    await counterTab.page.getByText(/^v2 by /).waitFor();
    const countered = await api.expect<{ currentVersion: number; currentTerms: { deliverables: { dueAt: string }[] } }>(base, 'GET', `/v1/offers/${offerId}`, 200, undefined, brand.accessToken);
    expect(countered.currentVersion).toBe(2);
    expect(countered.currentTerms.deliverables[0]!.dueAt.slice(0, 10)).toBe(later);

    await brandTab.page.goto(`/offers/${offerId}`);
    await brandTab.page.getByRole('button', { name: 'Accept version 2' }).click();
    const contract = brandTab.page.getByRole('region', { name: 'Contract' });
    await contract.getByRole('button', { name: 'Sign the contract' }).click();
    await contract.getByText(/Brand: signed/).waitFor();
    await contract.getByText('Creator: not signed yet').waitFor();

    const creatorTab = await portal.tab();
    await signIn(creatorTab.page, creatorEmail, PASSWORD);
    await creatorTab.page.goto(`/offers/${offerId}`);
    const theirs = creatorTab.page.getByRole('region', { name: 'Contract' });
    await theirs.getByRole('button', { name: 'Sign the contract' }).click();
    await theirs.getByText(/Both parties signed/).waitFor();
    expect(await theirs.getByRole('button', { name: 'Sign the contract' }).count()).toBe(0);

    await brandTab.page.reload();
    const schedule = brandTab.page.getByRole('region', { name: 'Payments' });
    await schedule.getByRole('rowheader', { name: 'Upfront' }).waitFor();
    const upfront = schedule.getByRole('row').filter({ has: brandTab.page.getByRole('rowheader', { name: 'Upfront' }) });
    // 30 % of $1,000.00; both signed, so it is due; split 80 / 15 / 5 by the commission.
    await upfront.getByText('$300.00').first().waitFor();
    await upfront.getByText('due', { exact: true }).waitFor();
    const split = upfront.getByRole('list', { name: /Split of/ });
    expect(await split.getByRole('listitem').allTextContents()).toEqual(['Creator $240.00', 'Agency $45.00', 'Manager $15.00']);
    await schedule.getByRole('rowheader', { name: 'Video approved' }).waitFor();
    await schedule.getByRole('rowheader', { name: /Balance/ }).waitFor();
    await upfront.getByRole('button', { name: 'Mark paid' }).waitFor();
    await portal.capture(brandTab.page, 'offer-payments');
    // The contract as both parties see it once signed (the README's picture of it).
    await brandTab.page.getByRole('region', { name: 'Contract' }).screenshot({ path: path.join(OUTPUT_DIR, 'contract.png') });

    // Once paid, the payment is on the month's statement, which the agency's manager reads and downloads.
    await upfront.getByRole('textbox', { name: /^Reference or reason/ }).fill('WIRE-1');
    await upfront.getByRole('button', { name: 'Mark paid' }).click();
    await upfront.getByRole('button', { name: 'Mark paid' }).waitFor({ state: 'detached' });
    const managerTab = await portal.tab();
    await signIn(managerTab.page, team.manager.email, PASSWORD);
    await managerTab.page.getByRole('link', { name: 'Statements' }).click();
    await managerTab.page.getByRole('heading', { name: 'Statements' }).waitFor();
    await managerTab.page.getByLabel('Creator').selectOption({ label: 'Casey Creator' });
    const statement = managerTab.page.getByRole('region', { name: 'Statement' });
    await statement.getByRole('rowheader', { name: 'Upfront' }).waitFor();
    await statement.getByText('$300.00').first().waitFor();
    await portal.capture(managerTab.page, 'statements');
    const [download] = await Promise.all([managerTab.page.waitForEvent('download'), managerTab.page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.url()).toMatch(/^blob:/);
    expect(download.suggestedFilename()).toMatch(/^statement-\d{4}-\d{2}\.csv$/);
    const rows = parse(readFileSync(await download.path(), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([expect.objectContaining({ Campaign: 'Fizz summer', Brand: 'Fizz Co', Payment: 'Upfront 30%', Currency: 'USD', Gross: '300.00', 'Creator net': '240.00', 'Agency commission': '60.00', 'Manager shares': '15.00', Managers: `${team.manager.name}: 15.00` })]);

    // The agency's Payments page: the totals on top, a filter by status, rows that open the offer.
    await managerTab.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payments' }).click();
    const totals = managerTab.page.getByRole('list', { name: 'Totals' });
    const tile = (label: string | RegExp) => totals.getByRole('listitem').filter({ hasText: label });
    await tile(/^Paid in [A-Z][a-z]+ \d{4}/).getByText('$300.00').waitFor();
    await tile('Overdue').getByText('Nothing').waitFor();
    const payments = managerTab.page.getByRole('table').getByRole('row');
    await payments.filter({ hasText: 'Video approved' }).getByText('Scheduled').waitFor();
    await portal.capture(managerTab.page, 'payments');
    await managerTab.page.locator('main').screenshot({ path: path.join(OUTPUT_DIR, 'payments-page.png') });
    await managerTab.page.getByRole('navigation', { name: 'Payment status' }).getByRole('link', { name: 'Paid', exact: true }).click();
    await managerTab.page.waitForURL(/\/payments\?status=paid$/);
    await payments.filter({ hasText: 'Upfront' }).getByText('Paid', { exact: true }).waitFor();
    expect(await payments.filter({ hasText: 'Video approved' }).count()).toBe(0);
    const paidRow = payments.filter({ hasText: 'Upfront' });
    expect(await paidRow.getByRole('list', { name: /Split of/ }).getByRole('listitem').allTextContents()).toEqual(['Creator $240.00', 'Agency $45.00', 'Manager $15.00']);
    await paidRow.getByRole('link', { name: 'Fizz summer' }).click();
    await managerTab.page.waitForURL(new RegExp(`/offers/${offerId}$`));

    // The brand asks to cancel: it is told whose answer it waits for; the agency sees who asked,
    // why, and what the settlement would be by stage, and answers.
    const ask = brandTab.page.getByRole('form', { name: 'Ask to cancel' });
    await ask.getByLabel('Reason for cancelling').fill('Launch moved to spring');
    await ask.getByRole('button', { name: 'Ask to cancel' }).click();
    const brandSees = brandTab.page.getByRole('region', { name: 'Cancellation requested' });
    await brandSees.getByText('Waiting for Casey Creator to answer.').waitFor();
    await brandSees.getByText(/^You asked on .* to cancel this work by agreement/).waitFor();
    expect(await brandSees.getByRole('button').count()).toBe(0);

    await managerTab.page.reload();
    const agencySees = managerTab.page.getByRole('region', { name: 'Cancellation requested' });
    await agencySees.getByText(/\(Fizz Co\) asked on .* to cancel this work by agreement/).waitFor();
    await agencySees.getByText('Launch moved to spring').waitFor();
    const byStage = agencySees.getByRole('table');
    const stageRow = (name: string) => byStage.getByRole('row').filter({ has: managerTab.page.getByRole('rowheader', { name }) });
    // Asked by the brand before any draft: nothing owed now, 10 % after a draft, all of it after approval.
    await stageRow('Before any draft now').getByText('$0.00').waitFor();
    await stageRow('After a draft was submitted').getByText('$100.00').waitFor();
    await stageRow('After every deliverable was approved').getByText('$1,000.00').waitFor();
    await agencySees.getByRole('button', { name: 'Accept the cancellation' }).waitFor();
    await agencySees.getByRole('button', { name: 'Decline the cancellation' }).waitFor();
    await portal.capture(managerTab.page, 'offer-cancellation');
    await agencySees.screenshot({ path: path.join(OUTPUT_DIR, 'cancellation-requested.png') });

    portal.expectClean();
  }, 300_000);
});
