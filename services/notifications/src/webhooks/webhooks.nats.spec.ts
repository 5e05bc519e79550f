import { randomBytes, randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import { Webhook } from 'standardwebhooks';
import { AppError, grantEvents, memberEvents, negotiationEvents, webhookContracts as c, type EventContract, type Principal, type RequestContract, type RequestOf, type WebhookDeliveryView } from '#libs/contracts';
import { buildEnvelope } from '#libs/messaging';
import { bootService, eventually, withPgClient, type ServiceUnderTest } from '#libs/testing';
import { notificationsApp } from '../notifications.app.js';
import { WebhookReceiver } from './webhook-receiver.test-support.js';
import { offerEventBase } from '../inbox/offer-events.test-support.js';

/**
 * Webhooks on the notifications service alone, against a real nats-server, PostgreSQL and a
 * local HTTP receiver: negotiation's and identity's events are published as their producers
 * would, and what reaches the receiver is checked with the `standardwebhooks` verifier.
 */
jest.setTimeout(60_000);

/** Waits on the bus, the consumer and the worker: roomy for a loaded machine. */
const soon = <T>(probe: () => Promise<T> | T) => eventually(probe, 20_000, 50);

const FAST = { WEBHOOK_WORKER_INTERVAL_MS: '100', WEBHOOK_RETRY_FIRST_DELAY_MS: '300' };
const admin = (orgId: string, orgKind: 'agency' | 'brand' = 'brand', role: Principal['role'] = 'admin'): Principal => ({ userId: randomUUID(), kind: orgKind === 'brand' ? 'brand' : 'manager', orgId, orgKind, role });

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

function harness(env: Record<string, string>) {
  const h = {} as { sut: ServiceUnderTest; receiver: WebhookReceiver };
  beforeAll(async () => {
    [h.sut, h.receiver] = await Promise.all([bootService(notificationsApp, { ...FAST, ...env }), WebhookReceiver.start()]);
  }, 60_000);
  afterAll(async () => {
    await h.receiver?.close();
    await h.sut?.close();
  });
  const call = <C extends RequestContract>(contract: C, payload: RequestOf<C>, principal: Principal) => h.sut.client.request(contract, payload, { principal });
  const publish = async (contract: EventContract, aggregateId: string, aggregateVersion: number, payload: unknown) => {
    const id = randomUUID();
    const envelope = buildEnvelope(contract, { aggregateId, aggregateVersion, payload: payload as never }, new Date(), id);
    await jetstream(h.sut.clientConnection).publish(contract.subject, JSON.stringify(envelope), { msgID: id });
    return envelope;
  };
  return { h, call, publish };
}

function offerEvent(brandId: string, creatorId: string, extra: Record<string, unknown> = {}) {
  return { ...offerEventBase(brandId, creatorId), price: { amount: 300_000, currency: 'USD' }, ...extra };
}

/** A sealing key made for this run, as an operator would set it. */
const SECRET_KEYS = `test=${randomBytes(32).toString('base64')}`;

describe('webhooks over NATS, to a local receiver (WEBHOOKS_ALLOW_PRIVATE=true)', () => {
  const { h, call, publish } = harness({ WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_SECRET_KEYS: SECRET_KEYS });
  const BRAND = randomUUID();
  const OTHER_BRAND = randomUUID();
  const AGENCY = randomUUID();
  const CREATOR = randomUUID();

  it('signs each delivery so the standardwebhooks verifier accepts it with the secret shown at creation', async () => {
    const { id, secret } = await call(c.create, { orgId: BRAND, url: h.receiver.url('/signed'), events: ['offer.*'], description: 'Deal desk' }, admin(BRAND));
    expect(secret).toMatch(/^whsec_/);
    const offer = offerEvent(BRAND, CREATOR);
    await publish(negotiationEvents.proposed, offer.offerId, 2, offer);

    const got = await soon(async () => (h.receiver.at('/signed').length >= 1 ? h.receiver.at('/signed') : undefined));
    const bodies = got.map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)) as { type: string; data: Record<string, unknown> }[];
    // The brand proposed: it hears of the status change; the counter-offer notice is for the creator's side.
    expect(bodies.map((b) => b.type)).toEqual(['offer.status_changed']);
    expect(bodies[0]!.data).toMatchObject({ offerId: offer.offerId, brandId: BRAND, creatorId: CREATOR, status: 'changes_proposed', event: 'proposed', price: { amount: 300_000, currency: 'USD' } });
    expect(() => new Webhook(secret).verify(got[0]!.body.replace('changes_proposed', 'accepted'), got[0]!.headers as Record<string, string>)).toThrow();

    const listed = await call(c.list, { orgId: BRAND }, admin(BRAND, 'brand', 'owner'));
    expect(listed.items).toEqual([expect.objectContaining({ id, url: h.receiver.url('/signed'), events: ['offer.*'], description: 'Deal desk', disabledAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('retries a delivery answered 500 under the same webhook-id, and logs both attempts', async () => {
    h.receiver.answer('/flaky', 500, 200);
    const { id } = await call(c.create, { orgId: BRAND, url: h.receiver.url('/flaky'), events: ['offer.accepted'], description: '' }, admin(BRAND));
    const offer = offerEvent(BRAND, CREATOR, { status: 'accepted', workStatus: 'active', contractId: randomUUID(), termsHash: 'a'.repeat(64) });
    await publish(negotiationEvents.accepted, offer.offerId, 3, offer);

    const got = await soon(async () => (h.receiver.at('/flaky').length >= 2 ? h.receiver.at('/flaky') : undefined));
    expect(got.map((r) => r.answered)).toEqual([500, 200]);
    expect(got[1]!.headers['webhook-id']).toBe(got[0]!.headers['webhook-id']);
    expect(got[1]!.body).toBe(got[0]!.body);

    const log = await soon(async () => {
      const page = await call(c.deliveries, { orgId: BRAND, webhookId: id }, admin(BRAND));
      return page.items[0]?.status === 'succeeded' ? page : undefined;
    });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ id: got[0]!.headers['webhook-id'], eventType: 'offer.accepted', nextAttemptAt: null });
    expect(log.items[0]!.attempts.map((a) => a.responseStatus)).toEqual([500, 200]);
  });

  it("never delivers another organization's events; an agency gets its creator's offers through a grant with an offer scope", async () => {
    await call(c.create, { orgId: OTHER_BRAND, url: h.receiver.url('/other-brand'), events: ['*'], description: '' }, admin(OTHER_BRAND));
    await call(c.create, { orgId: AGENCY, url: h.receiver.url('/agency'), events: ['*'], description: '' }, admin(AGENCY, 'agency'));
    const grantId = randomUUID();
    await publish(grantEvents.activated, grantId, 1, { grantId, agencyId: AGENCY, creatorId: CREATOR, status: 'active', scopes: ['campaigns:read'], expiresAt: null, actorUserId: CREATOR, at: new Date().toISOString() });
    // The grant copy comes from another consumer: wait until it is there before the offer event.
    await soon(() => withPgClient(h.sut.db.url, async (db) => (await db.query('select 1 from notifications.grant_copies where grant_id = $1', [grantId])).rowCount === 1));

    const offer = offerEvent(BRAND, CREATOR);
    await publish(negotiationEvents.proposed, offer.offerId, 2, offer);
    // The status change, and the counter-offer notice (for the creator's side: the agency acting for the creator).
    const toAgency = await soon(async () => (h.receiver.at('/agency').length >= 2 ? h.receiver.at('/agency').map((r) => JSON.parse(r.body)) : undefined));
    expect(toAgency.map((b) => b.type).sort()).toEqual(['offer.countered', 'offer.status_changed']);
    expect(toAgency.find((b) => b.type === 'offer.status_changed').data.offerId).toBe(offer.offerId);
    expect(toAgency.find((b) => b.type === 'offer.countered').data).toMatchObject({ creatorId: CREATOR, brandId: BRAND, link: `/offers/${offer.offerId}` });

    // Once the grant is revoked the agency hears of that, and of the creator's offers no more.
    await publish(grantEvents.revoked, grantId, 2, { grantId, agencyId: AGENCY, creatorId: CREATOR, status: 'revoked', scopes: ['campaigns:read'], expiresAt: null, actorUserId: CREATOR, at: new Date().toISOString() });
    await soon(async () => h.receiver.at('/agency').some((r) => JSON.parse(r.body).type === 'grant.revoked'));
    await soon(() => withPgClient(h.sut.db.url, async (db) => (await db.query(`select 1 from notifications.grant_copies where grant_id = $1 and status = 'revoked'`, [grantId])).rowCount === 1));
    const later = offerEvent(BRAND, CREATOR);
    await publish(negotiationEvents.withdrawn, later.offerId, 3, { ...later, status: 'withdrawn' });
    await soon(async () => h.receiver.at('/signed').some((r) => JSON.parse(r.body).data.offerId === later.offerId));
    // The worker runs every 100 ms: give a wrong delivery time to show up before looking.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.receiver.at('/agency').filter((r) => JSON.parse(r.body).data.offerId === later.offerId)).toEqual([]);
    expect(h.receiver.at('/other-brand')).toEqual([]);
  });

  it('keeps signing with the old secret too for 24 h after a rotation', async () => {
    const { id, secret: old } = await call(c.create, { orgId: BRAND, url: h.receiver.url('/rotated'), events: ['offer.status_changed'], description: '' }, admin(BRAND));
    const rotated = await call(c.rotateSecret, { orgId: BRAND, webhookId: id }, admin(BRAND));
    expect(rotated.secret).not.toBe(old);
    expect(Date.parse(rotated.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const offer = offerEvent(BRAND, CREATOR);
    await publish(negotiationEvents.proposed, offer.offerId, 2, offer);

    const [got] = await soon(async () => (h.receiver.at('/rotated').length ? h.receiver.at('/rotated') : undefined));
    const headers = got!.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(old).verify(got!.body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(got!.body, headers)).not.toThrow();

    // At rest both secrets are sealed: a copy of the database alone holds neither.
    const stored = await withPgClient(h.sut.db.url, async (db) => (await db.query(`select secret, previous_secret from notifications.webhook_endpoints where id = $1`, [id])).rows[0] as { secret: string; previous_secret: string });
    expect(stored.secret).toMatch(/^sealed:v1:test:/);
    expect(stored.previous_secret).toMatch(/^sealed:v1:test:/);
    expect(JSON.stringify(stored)).not.toContain(rotated.secret.slice(6));
    expect(JSON.stringify(stored)).not.toContain(old.slice(6));

    // After the overlap only the new secret signs (the overlap's end moved into the past).
    await withPgClient(h.sut.db.url, (db) => db.query(`update notifications.webhook_endpoints set previous_secret_until = now() - interval '1 second' where id = $1`, [id]));
    await call(c.test, { orgId: BRAND, webhookId: id }, admin(BRAND));
    const ping = await soon(async () => h.receiver.at('/rotated').find((r) => JSON.parse(r.body).type === 'ping'));
    expect(() => new Webhook(rotated.secret).verify(ping.body, ping.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(old).verify(ping.body, ping.headers as Record<string, string>)).toThrow('No matching signature');
  });

  it("disables an endpoint after a run of failures, telling the organization's admins; a manual retry that succeeds switches it on again", async () => {
    const brandAdmin = randomUUID();
    await publish(memberEvents.changed, brandAdmin, 0, { userId: brandAdmin, orgId: BRAND, orgKind: 'brand', orgName: 'Glow Labs', role: 'admin', email: 'admin@glow.example', name: 'Ada Admin', at: new Date().toISOString() });
    h.receiver.answer('/down', 500, 500, 500, 500, 500, 500, 500, 500, 500, 500);
    const { id } = await call(c.create, { orgId: BRAND, url: h.receiver.url('/down'), events: ['offer.status_changed'], description: '' }, admin(BRAND));
    await withPgClient(h.sut.db.url, (db) => db.query(`update notifications.webhook_endpoints set consecutive_failures = 14, failing_since = now() - interval '25 hours' where id = $1`, [id]));
    const offer = offerEvent(BRAND, CREATOR);
    await publish(negotiationEvents.proposed, offer.offerId, 2, offer);
    const disabled = await soon(async () => (await call(c.list, { orgId: BRAND }, admin(BRAND))).items.find((e) => e.id === id && e.disabledAt !== null));
    expect(disabled.consecutiveFailures).toBe(15);
    const told = await soon(() =>
      withPgClient(h.sut.db.url, async (db) => (await db.query(`select title from notifications.notifications where user_id = $1 and kind = 'webhook.disabled'`, [brandAdmin])).rows),
    );
    expect(told).toEqual([{ title: 'A webhook endpoint was switched off' }]);
    const sent = h.receiver.at('/down').length;
    // Disabled: its pending delivery waits instead of being retried.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(h.receiver.at('/down')).toHaveLength(sent);

    h.receiver.answer('/down');
    const [delivery] = (await call(c.deliveries, { orgId: BRAND, webhookId: id }, admin(BRAND))).items as WebhookDeliveryView[];
    const retried = await call(c.retry, { orgId: BRAND, webhookId: id, deliveryId: delivery!.id }, admin(BRAND));
    expect(retried.id).toBe(delivery!.id);
    await soon(async () => (await call(c.list, { orgId: BRAND }, admin(BRAND))).items.find((e) => e.id === id && e.disabledAt === null && e.consecutiveFailures === 0));
    expect(h.receiver.at('/down').at(-1)!.headers['webhook-id']).toBe(delivery!.id);
  });

  it('refuses managers, other organizations, unknown event types and URLs with credentials', async () => {
    const body = { orgId: BRAND, url: h.receiver.url('/x'), events: ['offer.*'], description: '' };
    expect((await refusal(call(c.create, body, admin(BRAND, 'brand', 'manager')))).status).toBe(403);
    expect((await refusal(call(c.create, body, admin(OTHER_BRAND)))).status).toBe(404);
    expect(await refusal(call(c.create, { ...body, events: ['offer.recieved'] }, admin(BRAND)))).toMatchObject({ status: 400, errors: [{ path: 'events.0' }] });
    expect(await refusal(call(c.create, { ...body, url: 'http://u:p@127.0.0.1/' }, admin(BRAND)))).toMatchObject({ status: 422, errors: [{ path: 'url' }] });
    const { id } = await call(c.create, body, admin(BRAND));
    expect((await refusal(call(c.deliveries, { orgId: OTHER_BRAND, webhookId: id }, admin(OTHER_BRAND)))).status).toBe(404);
    await call(c.remove, { orgId: BRAND, webhookId: id }, admin(BRAND));
    expect((await call(c.list, { orgId: BRAND }, admin(BRAND))).items.map((e) => e.id)).not.toContain(id);
  });
});

describe('webhooks without WEBHOOKS_ALLOW_PRIVATE', () => {
  const { h, call } = harness({});
  const BRAND = randomUUID();

  it('refuses to register a target on 127.0.0.1', async () => {
    const err = await refusal(call(c.create, { orgId: BRAND, url: h.receiver.url('/in'), events: ['*'], description: '' }, admin(BRAND)));
    expect(err).toMatchObject({ status: 422, errors: [{ path: 'url', message: expect.stringContaining('loopback') }] });
  });

  it('refuses to send to 127.0.0.1 even when the endpoint is already stored, and logs why', async () => {
    // As if registered under a name that resolved to a public address then (DNS rebinding).
    const id = randomUUID();
    await withPgClient(h.sut.db.url, (db) =>
      db.query(
        `insert into notifications.webhook_endpoints (id, org_id, url, events, description, secret, consecutive_failures, created_at)
         values ($1, $2, $3, '["*"]', '', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 0, now())`,
        [id, BRAND, h.receiver.url('/in')],
      ),
    );
    await call(c.test, { orgId: BRAND, webhookId: id }, admin(BRAND));
    const [ping] = await soon(async () => {
      const page = await call(c.deliveries, { orgId: BRAND, webhookId: id }, admin(BRAND));
      return page.items[0]?.status === 'failed' ? page.items : undefined;
    });
    expect(ping!.attempts).toEqual([expect.objectContaining({ responseStatus: null, error: 'refused target 127.0.0.1: 127.0.0.1 is a loopback address' })]);
    expect(h.receiver.received).toEqual([]);
  });
});
