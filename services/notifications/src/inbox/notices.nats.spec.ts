import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import {
  grantEvents,
  memberEvents,
  negotiationEvents,
  notificationsContracts as c,
  paymentEvents,
  termsSchema,
  type EventContract,
  type PayloadOf,
  type Principal,
} from '#libs/contracts';
import { buildEnvelope } from '#libs/messaging';
import { bootService, eventually, withPgClient, type ServiceUnderTest } from '#libs/testing';
import { notificationsApp } from '../notifications.app.js';
import { DeadlineSweeper } from './deadline.sweeper.js';
import { offerEventBase } from './offer-events.test-support.js';

/**
 * Who is told what, on the notifications service alone against a real nats-server and
 * PostgreSQL: identity's, roster's and negotiation's events are published as their producers
 * would, and each user's inbox is read through the service's own request contract.
 */
jest.setTimeout(60_000);

const soon = <T>(probe: () => Promise<T> | T) => eventually(probe, 20_000, 50);
const HOUR = 3600_000;

let sut: ServiceUnderTest;
beforeAll(async () => {
  // The periodic sweep stays out of the way: the tests sweep with their own clock.
  sut = await bootService(notificationsApp, { DEADLINE_SWEEP_MS: String(24 * HOUR) });
}, 60_000);
afterAll(() => sut?.close());

async function publish<C extends EventContract>(contract: C, aggregateId: string, aggregateVersion: number, payload: PayloadOf<C>) {
  const id = randomUUID();
  const envelope = buildEnvelope(contract, { aggregateId, aggregateVersion, payload: payload as never }, new Date(), id);
  await jetstream(sut.clientConnection).publish(contract.subject, JSON.stringify(envelope), { msgID: id });
}

const rows = (sql: string, params: unknown[]) => withPgClient(sut.db.url, async (db) => (await db.query(sql, params)).rows);
const kindsOf = async (userId: string) => (await rows('select kind from notifications.notifications where user_id = $1 order by kind', [userId])).map((r: { kind: string }) => r.kind);
const inbox = (p: Principal) => sut.client.request(c.list, { userId: p.userId, limit: 50 }, { principal: p });

/** A member of an organization, known to the service through identity's event. */
async function member(orgId: string, orgKind: 'agency' | 'brand', role: Principal['role'] = 'manager'): Promise<Principal> {
  const userId = randomUUID();
  await publish(memberEvents.changed, userId, 0, { userId, orgId, orgKind, orgName: orgKind === 'brand' ? 'Acme' : 'Northstar', role, email: `${userId}@example.test`, name: 'Someone', at: new Date().toISOString() });
  await soon(async () => (await rows('select 1 from notifications.people where user_id = $1 and org_id = $2', [userId, orgId])).length === 1);
  return { userId, kind: orgKind === 'brand' ? 'brand' : 'manager', orgId, orgKind, role };
}

async function grant(agencyId: string, creatorId: string, scopes: PayloadOf<typeof grantEvents.activated>['scopes']): Promise<void> {
  const grantId = randomUUID();
  await publish(grantEvents.activated, grantId, 1, { grantId, agencyId, creatorId, status: 'active', scopes, expiresAt: null, actorUserId: creatorId, at: new Date().toISOString() });
  await soon(async () => (await rows('select 1 from notifications.grant_copies where grant_id = $1', [grantId])).length === 1);
}

const creator = (userId: string): Principal => ({ userId, kind: 'creator', orgId: null, orgKind: null, role: null });


describe('notifications to an agency follow the read rule of its grant', () => {
  it('tells an agency with campaigns:read of an offer and shows it; one holding only metrics:read is neither told nor can read one', async () => {
    const BRAND = randomUUID();
    const CREATOR = randomUUID();
    const reader = await member(randomUUID(), 'agency');
    const metricsOnly = await member(randomUUID(), 'agency');
    await grant(reader.orgId!, CREATOR, ['campaigns:read']);
    await grant(metricsOnly.orgId!, CREATOR, ['metrics:read']);

    const offer = { ...offerEventBase(BRAND, CREATOR), price: { amount: 300_000, currency: 'USD' } };
    await publish(negotiationEvents.proposed, offer.offerId, 2, offer);
    await soon(async () => (await kindsOf(reader.userId)).includes('offer.countered'));
    expect((await inbox(reader)).items.map((i) => i.link)).toEqual([`/offers/${offer.offerId}`]);
    expect(await kindsOf(CREATOR)).toEqual(['offer.countered']);
    expect(await kindsOf(metricsOnly.userId)).toEqual([]);

    // A notice stored for it anyway (as before this rule) stays unreadable, and cannot be marked read.
    const planted = randomUUID();
    await rows(
      `insert into notifications.notifications ("id", "user_id", "kind", "title", "body", "link", "audience", "org_id", "creator_id", "dedupe_key", "created_at", "email")
       values ($1, $2, 'offer.countered', 'New terms', 'x', $3, 'agency', $4, $5, $6, now(), 'none')`,
      [planted, metricsOnly.userId, `/offers/${offer.offerId}`, metricsOnly.orgId, CREATOR, `offer.countered:${offer.offerId}:2`],
    );
    expect(await inbox(metricsOnly)).toMatchObject({ items: [], unreadCount: 0 });
    await sut.client.request(c.markRead, { userId: metricsOnly.userId, all: true }, { principal: metricsOnly });
    expect(await rows('select read_at from notifications.notifications where id = $1', [planted])).toEqual([{ read_at: null }]);
  });
});

describe('payment and cancellation notices', () => {
  it('tells the creator, the agency acting for them and the brand of an overdue payment, once each', async () => {
    const BRAND = randomUUID();
    const CREATOR = randomUUID();
    const brand = await member(BRAND, 'brand');
    const agency = await member(randomUUID(), 'agency');
    await grant(agency.orgId!, CREATOR, ['campaigns:read', 'offers:negotiate']);
    const offer = offerEventBase(BRAND, CREATOR);
    const payment = {
      paymentId: randomUUID(),
      offerId: offer.offerId,
      creatorId: CREATOR,
      brandId: BRAND,
      seq: 1,
      kind: 'upfront' as const,
      name: 'Upfront',
      amount: { amount: 90_000, currency: 'USD' },
      trigger: 'contract_signed' as const,
      status: 'overdue' as const,
      dueAt: '2026-03-01T00:00:00.000Z',
      actor: { side: 'brand' as const, userId: null, onBehalfOf: null, grantId: null },
      occurredAt: new Date().toISOString(),
      note: null,
    };
    await publish(paymentEvents.overdue, payment.paymentId, 3, payment);
    await publish(paymentEvents.overdue, payment.paymentId, 3, payment); // redelivered as a new message
    for (const userId of [CREATOR, agency.userId, brand.userId]) await soon(async () => (await kindsOf(userId)).includes('payment.overdue'));
    const told = (await inbox(brand)).items;
    expect(told).toEqual([expect.objectContaining({ kind: 'payment.overdue', title: 'Payment overdue: Upfront, an offer', body: '$900.00 was due on 1 Mar 2026 and is not paid yet.', link: `/offers/${offer.offerId}` })]);
    expect((await inbox(creator(CREATOR))).items.map((i) => i.kind)).toEqual(['payment.overdue']);
    expect((await inbox(agency)).items.map((i) => i.kind)).toEqual(['payment.overdue']);

    // The brand asks to cancel: only the creator's side is told.
    const cancel = { ...offer, status: 'cancellation_requested' as const, workStatus: 'active' as const, cancellationId: randomUUID(), reason: 'Campaign paused' };
    await publish(negotiationEvents.cancellationRequested, offer.offerId, 3, { ...cancel, actor: { ...cancel.actor, userId: brand.userId } });
    await soon(async () => (await kindsOf(CREATOR)).includes('offer.cancellation_requested') && (await kindsOf(agency.userId)).includes('offer.cancellation_requested'));
    expect(await kindsOf(brand.userId)).toEqual(['payment.overdue']);
  });
});

describe('deadline reminders', () => {
  it('reminds 48 h before respond-by and 72 h before deemed approval, once per recipient even with two sweeps at once', async () => {
    const BRAND = randomUUID();
    const CREATOR = randomUUID();
    const brand = await member(BRAND, 'brand');
    const agency = await member(randomUUID(), 'agency');
    await grant(agency.orgId!, CREATOR, ['offers:negotiate']);
    const due = new Date(Date.now() + 30 * 24 * HOUR);
    const offer = offerEventBase(BRAND, CREATOR);
    await publish(negotiationEvents.opened, offer.offerId, 1, {
      ...offer,
      status: 'awaiting_response',
      version: 1,
      campaignName: 'Spring Glow',
      brandName: 'Acme',
      terms: termsSchema.parse({
        price: { amount: 250_000, currency: 'USD' },
        paymentTerms: { upfrontPercent: 30, netDays: 30 },
        deliverables: [{ type: 'video', quantity: 1, dueAt: due.toISOString() }],
        usageRightsDays: 90,
        exclusivityDays: 30,
        revisionRounds: 1,
      }),
      price: { amount: 250_000, currency: 'USD' },
      respondBy: due.toISOString(),
      belowRateCard: null,
      rateCardPrice: null,
      rateCardVersion: null,
      sentBy: offer.actor.userId,
    } as PayloadOf<typeof negotiationEvents.opened>);
    const submissionId = randomUUID();
    await publish(negotiationEvents.submitted, offer.offerId, 3, {
      ...offer,
      status: 'accepted',
      workStatus: 'content_submitted',
      actor: { side: 'creator', userId: CREATOR, onBehalfOf: null, grantId: null },
      submissionId,
      deliverable: 'video',
      round: 1,
      reviewDueAt: due.toISOString(),
    });
    await soon(async () => (await rows('select 1 from notifications.deadlines where offer_id = $1', [offer.offerId])).length === 2);

    const sweeper = sut.service.app.get(DeadlineSweeper);
    const sweepTwiceAt = (at: Date) => Promise.all([sweeper.sweep(at), sweeper.sweep(at)]);
    const reminders = async () => ({
      creator: await kindsOf(CREATOR),
      agency: await kindsOf(agency.userId),
      brand: (await kindsOf(brand.userId)).filter((k) => k.startsWith('deadline.')),
    });

    await sweepTwiceAt(new Date(due.getTime() - 72 * HOUR - 60_000));
    expect(await reminders()).toEqual({ creator: ['offer.received'], agency: ['offer.received'], brand: [] });
    await sweepTwiceAt(new Date(due.getTime() - 72 * HOUR));
    expect(await reminders()).toEqual({ creator: ['offer.received'], agency: ['offer.received'], brand: ['deadline.review'] });
    await sweepTwiceAt(new Date(due.getTime() - 48 * HOUR - 60_000));
    expect(await reminders()).toEqual({ creator: ['offer.received'], agency: ['offer.received'], brand: ['deadline.review'] });
    await sweepTwiceAt(new Date(due.getTime() - 48 * HOUR));
    await sweepTwiceAt(new Date(due.getTime() - 47 * HOUR));
    expect(await reminders()).toEqual({ creator: ['deadline.respond_by', 'offer.received'], agency: ['deadline.respond_by', 'offer.received'], brand: ['deadline.review'] });
    const respond = (await inbox(creator(CREATOR))).items.find((i) => i.kind === 'deadline.respond_by');
    expect(respond).toMatchObject({ title: `Respond by ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(due)}: Spring Glow`, link: `/offers/${offer.offerId}` });
  });
});
