import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { PASSWORD, signUp } from './support/accounts.js';
import { signIn } from './support/browser.js';
import { usePortalStack } from './support/portal-stack.js';
import { WebhookReceiver } from '../../services/notifications/src/webhooks/webhook-receiver.test-support.js';

/**
 * Webhook settings in a real browser: a brand owner adds an endpoint (its secret shown once),
 * sends a test ping that a local receiver verifies, sees the delivery and its answer, retries it,
 * rotates the secret, and removes the endpoint after confirming.
 */
describe('portal webhook settings', () => {
  const portal = usePortalStack({ WEBHOOK_WORKER_INTERVAL_MS: '100' });
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  }, 180_000);
  afterAll(async () => {
    await receiver?.close();
  }, 120_000);

  it('adds an endpoint, shows its secret once, pings it, lists the delivery, retries and rotates', async () => {
    const base = portal.base();
    const brand = await signUp(base, 'brand', 'Acme Drinks');
    const tab = await portal.tab();
    const { page } = tab;
    await signIn(page, brand.email, PASSWORD);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: /Webhooks of/ }).waitFor();

    const form = page.getByRole('form', { name: 'Add an endpoint' });
    await form.getByLabel('URL').fill(receiver.url('/portal'));
    await form.getByLabel('Events').fill('offer.*, nonsense.kind');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText(/Unknown event type "nonsense.kind"/).waitFor();
    await form.getByLabel('Events').fill('offer.*');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByLabel('Signing secret').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await portal.capture(page, 'webhooks');
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByText(secret).count()).toBe(0);

    await page.getByRole('button', { name: 'Send test ping' }).click();
    const deliveries = page.getByRole('region', { name: 'Deliveries' });
    await deliveries.getByRole('cell', { name: '204' }).waitFor();
    const [ping] = receiver.at('/portal');
    expect(new Webhook(secret).verify(ping!.body, ping!.headers as Record<string, string>)).toMatchObject({ type: 'ping' });

    await deliveries.getByRole('button', { name: 'Retry' }).click();
    await deliveries.getByRole('cell', { name: '204, 204' }).waitFor();
    expect(receiver.at('/portal').map((r) => r.headers['webhook-id'])).toEqual([ping!.headers['webhook-id'], ping!.headers['webhook-id']]);

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = (await page.getByLabel('Signing secret').textContent())!;
    expect(rotated).not.toBe(secret);
    await page.getByText(/the previous one also signs until/).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();

    // Removing asks first; keeping it changes nothing, confirming removes it.
    const endpoints = page.getByRole('region', { name: 'Endpoints' });
    await endpoints.getByRole('button', { name: 'Remove' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove this endpoint?' });
    await confirm.getByText(receiver.url('/portal')).waitFor();
    await portal.capture(page, 'webhook-remove');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await endpoints.getByRole('button', { name: 'Remove' }).waitFor();
    await endpoints.getByRole('button', { name: 'Remove' }).click();
    await confirm.getByRole('button', { name: 'Remove endpoint' }).click();
    await page.getByText('No endpoints yet.').waitFor();
    expect(tab.problems).toEqual([]);
    expect(portal.a11y).toEqual({});
  }, 120_000);
});
