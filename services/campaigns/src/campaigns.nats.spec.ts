import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { Msg } from '@nats-io/transport-node';
import {
  campaignsContracts as c,
  grantEvents,
  negotiationContracts,
  negotiationEvents as n,
  rateEvents,
  tabOf,
  userEvents,
  type EventContract,
  type Offer,
  type PayloadOf,
  type Principal,
  type RequestOf,
} from '#libs/contracts';
import { buildEnvelope, type NewEvent } from '#libs/messaging';
import { appErrorOf, bootService, eventually, principalOfToken, withPgClient, type ServiceUnderTest } from '#libs/testing';
import { campaignsApp } from './campaigns.app.js';


/**
 * Campaigns on its own, through its NATS subjects and the events it consumes, against a real
 * nats-server and PostgreSQL. Identity's one request (the brand's name at campaign creation) and
 * negotiation's (opening an offer) are answered by stand-ins on the bus; the stand-in for
 * negotiation publishes the `opened` event as negotiation would, and the events other services
 * publish are published here.
 */
describe('campaigns over NATS (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  const env = {};
  /** What campaigns asked negotiation to open, with the principal it forwarded. */
  const openings: { request: PayloadOf<typeof n.opened> & Record<string, unknown>; principal: Principal }[] = [];

  const BRAND = randomUUID();
  const OTHER_BRAND = randomUUID();
  const AGENCY = randomUUID();
  const brand = (orgId = BRAND, role: Principal['role'] = 'manager'): Principal => ({ userId: randomUUID(), kind: 'brand', orgId, orgKind: 'brand', role });
  const creator = (userId: string): Principal => ({ userId, kind: 'creator', orgId: null, orgKind: null, role: null });
  const agencyMember = (role: Principal['role'] = 'viewer', orgId = AGENCY): Principal => ({ userId: randomUUID(), kind: 'manager', orgId, orgKind: 'agency', role });
  const brandManager = brand();

  beforeAll(async () => {
    sut = await bootService(campaignsApp, env);
    // Identity's answer to "who am I", as far as campaigns asks it: the caller's organization.
    const orgNames: Record<string, string> = { [BRAND]: 'Glow Labs', [OTHER_BRAND]: 'Other Brand' };
    sut.clientConnection.subscribe('identity.me.get.v1', {
      callback: (_err, msg: Msg) => {
        const frame = JSON.parse(new TextDecoder().decode(msg.data)) as { id: string };
        const p = principalOfToken(msg.headers!.get('tp-principal'));
        const user = { id: p.userId, email: 'x@example.com', name: 'X', kind: p.kind, handle: null, createdAt: new Date().toISOString() };
        const organization = p.orgId ? { id: p.orgId, name: orgNames[p.orgId] ?? 'Agency', kind: p.orgKind } : null;
        msg.respond(JSON.stringify({ id: frame.id, response: { data: { user, organization, role: p.role } }, isDisposed: true }));
      },
    });
    // Negotiation's answer to "open this offer": the offer as opened, and its `opened` event.
    sut.clientConnection.subscribe('negotiation.offers.open.v1', {
      callback: (_err, msg: Msg) => {
        const frame = JSON.parse(new TextDecoder().decode(msg.data)) as { id: string; data: RequestOf<typeof negotiationContracts.offersOpen> };
        const principal = principalOfToken(msg.headers!.get('tp-principal'));
        const r = frame.data;
        const at = new Date().toISOString();
        const offer: Offer = {
          id: r.offerId,
          campaign: { id: r.campaignId, name: r.campaignName },
          brand: { id: r.brandId, name: r.brandName },
          creatorId: r.creatorId,
          status: 'awaiting_response',
          tab: tabOf('awaiting_response'),
          price: r.terms.price,
          deliverables: r.terms.deliverables as Offer['deliverables'],
          terms: r.terms as Offer['terms'],
          version: 1,
          respondBy: r.respondBy,
          belowRateCard: r.belowRateCard,
          rateCardPrice: r.rateCardPrice,
          rateCardVersion: r.rateCardVersion,
          nextDeadline: r.respondBy,
          sentBy: principal.userId,
          createdAt: at,
          updatedAt: at,
        };
        const opened = {
          offerId: r.offerId,
          campaignId: r.campaignId,
          creatorId: r.creatorId,
          brandId: r.brandId,
          occurredAt: at,
          status: 'awaiting_response' as const,
          workStatus: null,
          version: 1,
          actor: { side: 'brand' as const, userId: principal.userId, onBehalfOf: null, grantId: null },
          campaignName: r.campaignName,
          brandName: r.brandName,
          terms: offer.terms,
          price: offer.price,
          respondBy: r.respondBy,
          belowRateCard: r.belowRateCard,
          rateCardPrice: r.rateCardPrice,
          rateCardVersion: r.rateCardVersion,
          sentBy: principal.userId,
        };
        openings.push({ request: opened, principal });
        void publish(n.opened, { aggregateId: r.offerId, aggregateVersion: 1, payload: opened }).then(() =>
          msg.respond(JSON.stringify({ id: frame.id, response: { data: offer }, isDisposed: true })),
        );
      },
    });
    await sut.clientConnection.flush();
  }, 60_000);
  afterAll(async () => {
    await sut?.close();
  }, 30_000);

  const call = <C extends (typeof c)[keyof typeof c]>(contract: C, payload: RequestOf<C>, principal: Principal) => sut.client.request(contract, payload, { principal });
  const failure = appErrorOf;

  async function publish<C extends EventContract>(contract: C, event: NewEvent<C>, id: string = randomUUID(), at = new Date()) {
    const envelope = buildEnvelope(contract, event, at, id);
    await jetstream(sut.clientConnection).publish(contract.subject, JSON.stringify(envelope), { msgID: `${envelope.id}-${Math.random()}` });
    return envelope;
  }

  const knownCreators = new Set<string>();
  async function newCreator(): Promise<string> {
    const id = randomUUID();
    await publish(userEvents.registered, { aggregateId: id, aggregateVersion: 1, payload: { userId: id, kind: 'creator', name: 'Ada', handle: `c_${id.slice(0, 8)}`, at: new Date().toISOString() } });
    knownCreators.add(id);
    await eventually(() => withPgClient(sut.db.url, async (pg) => (await pg.query('select 1 from campaigns.known_creators where creator_id = $1', [id])).rowCount === 1));
    return id;
  }

  async function grant(creatorId: string, scopes: ('campaigns:read' | 'metrics:read')[], version = 1, status: 'active' | 'revoked' = 'active', grantId = randomUUID()) {
    const contract = status === 'active' ? grantEvents.activated : grantEvents.revoked;
    await publish(contract, {
      aggregateId: grantId,
      aggregateVersion: version,
      payload: { grantId, agencyId: AGENCY, creatorId, status, scopes, expiresAt: null, actorUserId: creatorId, at: new Date().toISOString() },
    });
    await eventually(() =>
      withPgClient(sut.db.url, async (pg) => (await pg.query('select 1 from campaigns.grant_copies where grant_id = $1 and status = $2', [grantId, status])).rowCount === 1),
    );
    return grantId;
  }

  async function rateCard(creatorId: string, version: number, videoPrice: number) {
    await publish(rateEvents.changed, {
      aggregateId: creatorId,
      aggregateVersion: version,
      payload: { creatorId, version, items: [{ deliverable: 'video', price: { amount: videoPrice, currency: 'USD' } }], changedAt: new Date().toISOString(), changedBy: creatorId },
    });
    await eventually(() =>
      withPgClient(sut.db.url, async (pg) => (await pg.query('select 1 from campaigns.rate_cards where creator_id = $1 and version = $2', [creatorId, version])).rowCount === 1),
    );
  }

  const day = 86_400_000;
  const campaignInput = () => ({
    name: 'Spring glow launch',
    brief: 'Show the serum in a morning routine.',
    objectives: ['awareness'],
    budget: { amount: 5_000_000, currency: 'USD' },
    startsAt: new Date(Date.now() + day).toISOString(),
    endsAt: new Date(Date.now() + 60 * day).toISOString(),
    deliverables: [{ type: 'video' as const, quantity: 2, dueAt: new Date(Date.now() + 30 * day).toISOString() }],
  });
  const offerInput = (campaignId: string, creatorId: string, extra: Partial<RequestOf<typeof c.offersSend>> = {}): RequestOf<typeof c.offersSend> => ({
    campaignId,
    creatorId,
    price: { amount: 250_000, currency: 'USD' },
    deliverables: [{ type: 'video', quantity: 2, dueAt: new Date(Date.now() + 30 * day).toISOString() }],
    ...extra,
  });

  describe('campaigns', () => {
    it("creates a campaign under the caller's brand, with the brand's name", async () => {
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      expect(campaign).toMatchObject({ brand: { id: BRAND, name: 'Glow Labs' }, name: 'Spring glow launch', counts: { pending: 0, active: 0, completed: 0, inactive: 0 } });
      const list = await call(c.campaignsList, { limit: 50 }, brand());
      expect(list.items.map((i) => i.id)).toContain(campaign.id);
    });

    it('names the fields of a bad campaign', async () => {
      const err = await failure(call(c.campaignsCreate, { ...campaignInput(), endsAt: new Date(Date.now() - day).toISOString(), budget: { amount: 0, currency: 'USD' }, deliverables: [] }, brandManager));
      expect(err.code).toBe('validation');
      expect(err.errors?.map((e) => e.path).sort()).toEqual(['budget.amount', 'deliverables', 'endsAt']);
    });

    it("keeps a brand's campaigns from other brands (404), viewers from writing and agencies from creating (403)", async () => {
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      expect((await failure(call(c.campaignsGet, { campaignId: campaign.id }, brand(OTHER_BRAND)))).code).toBe('not_found');
      expect((await call(c.campaignsList, { limit: 50 }, brand(OTHER_BRAND))).items.map((i) => i.id)).not.toContain(campaign.id);
      expect((await failure(call(c.campaignsCreate, campaignInput(), brand(BRAND, 'viewer')))).code).toBe('forbidden');
      expect((await failure(call(c.campaignsCreate, campaignInput(), agencyMember('owner')))).code).toBe('forbidden');
    });
  });

  /** The creator's row for `offerId` in `tab`, once campaigns' projection shows it. */
  const rowIn = (creatorId: string, tab: 'pending' | 'active' | 'completed' | 'inactive', offerId: string, status?: string) =>
    eventually(async () => (await call(c.tabsList, { creatorId, tab, limit: 50 }, creator(creatorId))).items.find((r) => r.offerId === offerId && (!status || r.status === status)));

  describe('sending offers', () => {
    it('checks the campaign and asks negotiation to open the offer; the creator and an agency with campaigns:read see it in the pending tab', async () => {
      const creatorId = await newCreator();
      await grant(creatorId, ['campaigns:read']);
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const offer = await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager);
      expect(offer).toMatchObject({ status: 'awaiting_response', tab: 'pending', version: 1, belowRateCard: null, rateCardPrice: null });
      // 7 days to answer when the brand names no date.
      expect(Date.parse(offer.respondBy) - Date.parse(offer.createdAt)).toBeGreaterThan(7 * day - 60_000);
      const asked = openings.find((o) => o.request.offerId === offer.id)!;
      expect(asked.principal.userId).toBe(brandManager.userId);
      expect(asked.request).toMatchObject({ campaignId: campaign.id, brandId: BRAND, brandName: 'Glow Labs', campaignName: 'Spring glow launch', creatorId, terms: expect.objectContaining({ reviewWindowDays: 14 }) });

      const row = { offerId: offer.id, campaignId: campaign.id, campaignName: 'Spring glow launch', brand: { id: BRAND, name: 'Glow Labs' }, status: 'awaiting_response', belowRateCard: null };
      await rowIn(creatorId, 'pending', offer.id);
      expect((await call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, creator(creatorId))).items).toEqual([expect.objectContaining(row)]);
      expect((await call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, agencyMember('viewer'))).items).toEqual([expect.objectContaining(row)]);
      expect((await call(c.countsBatch, { creatorIds: [creatorId] }, agencyMember())).items).toEqual([{ creatorId, pending: 1, active: 0, completed: 0, inactive: 0 }]);
      expect((await call(c.campaignsGet, { campaignId: campaign.id }, brandManager)).creators).toEqual([expect.objectContaining({ creatorId, offerId: offer.id, status: 'awaiting_response', tab: 'pending' })]);

      const stranger = await newCreator();
      await grant(stranger, ['metrics:read']);
      expect((await failure(call(c.tabsList, { creatorId: stranger, tab: 'pending', limit: 50 }, agencyMember()))).code).toBe('forbidden');
      expect((await failure(call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, agencyMember('owner', randomUUID())))).code).toBe('not_found');
      expect((await failure(call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, creator(stranger)))).code).toBe('not_found');
      // A batch leaves out the creators the caller may not read.
      expect((await call(c.countsBatch, { creatorIds: [creatorId, stranger] }, agencyMember())).items.map((i) => i.creatorId)).toEqual([creatorId]);
    });

    it('refuses an unknown creator (422), another brand (404), a price outside the budget currency (422 naming both) and an answer after the campaign ends; none reaches negotiation', async () => {
      const creatorId = await newCreator();
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const before = openings.length;
      const unknown = await failure(call(c.offersSend, offerInput(campaign.id, randomUUID()), brandManager));
      expect(unknown).toMatchObject({ code: 'unprocessable', errors: [{ path: 'creatorId', message: 'No such creator' }] });
      expect((await failure(call(c.offersSend, offerInput(campaign.id, creatorId), brand(OTHER_BRAND)))).code).toBe('not_found');
      const euros = await failure(call(c.offersSend, offerInput(campaign.id, creatorId, { price: { amount: 250_000, currency: 'EUR' } }), brandManager));
      expect(euros).toMatchObject({ code: 'unprocessable', detail: 'The price is in EUR but the campaign budget is in USD', errors: [{ path: 'price.currency', message: 'Must be USD' }] });
      const late = await failure(call(c.offersSend, offerInput(campaign.id, creatorId, { respondBy: new Date(Date.now() + 90 * day).toISOString() }), brandManager));
      expect(late).toMatchObject({ code: 'validation', errors: [{ path: 'respondBy', message: "Must be no later than the campaign's end" }] });
      expect(openings.length).toBe(before);
    });

    it('names the same offer when a send is retried with the same idempotency key', async () => {
      const creatorId = await newCreator();
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const send = () => sut.client.request(c.offersSend, offerInput(campaign.id, creatorId), { principal: brandManager, idempotencyKey: `send-${creatorId}` });
      const first = await send();
      expect((await send()).id).toBe(first.id);
    });

    it('pages a tab newest first', async () => {
      const creatorId = await newCreator();
      const sent = [];
      for (let i = 0; i < 3; i++) {
        const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
        const offer = await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager);
        await rowIn(creatorId, 'pending', offer.id);
        sent.push(offer.id);
      }
      const first = await call(c.tabsList, { creatorId, tab: 'pending', limit: 2 }, creator(creatorId));
      const second = await call(c.tabsList, { creatorId, tab: 'pending', limit: 2, cursor: first.nextCursor! }, creator(creatorId));
      expect([...first.items, ...second.items].map((r) => r.offerId)).toEqual(sent.reverse());
      expect(second.nextCursor).toBeNull();
    });
  });

  describe('rate floor', () => {
    it('flags an offer priced under the card as sent, and later card changes do not rewrite it', async () => {
      const creatorId = await newCreator();
      await rateCard(creatorId, 1, 150_000);
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const offer = await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager);
      expect(offer).toMatchObject({ belowRateCard: true, rateCardPrice: { amount: 300_000, currency: 'USD' }, rateCardVersion: 1 });

      await rateCard(creatorId, 2, 100_000);
      // A late, older version never overwrites the newer card.
      await publish(rateEvents.changed, {
        aggregateId: creatorId,
        aggregateVersion: 1,
        payload: { creatorId, version: 1, items: [{ deliverable: 'video', price: { amount: 999_999, currency: 'USD' } }], changedAt: new Date().toISOString(), changedBy: creatorId },
      });
      const row = await rowIn(creatorId, 'pending', offer.id);
      expect(row).toMatchObject({ belowRateCard: true, rateCardPrice: { amount: 300_000, currency: 'USD' } });

      const other = await call(c.campaignsCreate, campaignInput(), brandManager);
      const atNewRate = await call(c.offersSend, offerInput(other.id, creatorId), brandManager);
      expect(atNewRate).toMatchObject({ belowRateCard: false, rateCardPrice: { amount: 200_000, currency: 'USD' }, rateCardVersion: 2 });
    });
  });

  describe('status from negotiation', () => {
    const actor = { side: 'creator' as const, userId: null, onBehalfOf: null, grantId: null };
    async function negotiate<C extends EventContract>(contract: C, offer: { id: string; campaignId: string; creatorId: string }, version: number, extra: Record<string, unknown>, id?: string) {
      return publish(
        contract,
        {
          aggregateId: offer.id,
          aggregateVersion: version,
          payload: { offerId: offer.id, campaignId: offer.campaignId, creatorId: offer.creatorId, brandId: BRAND, occurredAt: new Date().toISOString(), version: 1, actor, ...extra },
        } as NewEvent<C>,
        id,
      );
    }
    async function sent() {
      const creatorId = await newCreator();
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const offer = await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager);
      await rowIn(creatorId, 'pending', offer.id);
      return { id: offer.id, campaignId: campaign.id, creatorId };
    }

    it('applies accepted, submitted and approved in order, ignores redeliveries and never moves back for a late older event', async () => {
      const offer = await sent();
      const { creatorId } = offer;
      const price = { amount: 300_000, currency: 'USD' };

      // Version 3 (accepted) overtakes version 2 (a counter-proposal): the late proposal is ignored.
      const accepted = await negotiate(n.accepted, offer, 3, { status: 'accepted', workStatus: 'active', version: 2, price, contractId: randomUUID(), termsHash: 'a'.repeat(64) });
      await rowIn(creatorId, 'active', offer.id, 'accepted');
      await negotiate(n.proposed, offer, 2, { status: 'changes_proposed', workStatus: null, version: 2, price: { amount: 1, currency: 'USD' } });
      // Redelivery of the same event id.
      await negotiate(n.accepted, offer, 3, { status: 'accepted', workStatus: 'active', version: 2, price, contractId: randomUUID(), termsHash: 'a'.repeat(64) }, accepted.id);
      const submission = { submissionId: randomUUID(), deliverable: 'video', round: 1 };
      await negotiate(n.submitted, offer, 4, { status: 'accepted', workStatus: 'content_submitted', ...submission });
      const row = await rowIn(creatorId, 'active', offer.id, 'content_submitted');
      expect(row).toMatchObject({ status: 'content_submitted', price });

      await negotiate(n.approved, offer, 5, { status: 'accepted', workStatus: 'approved', ...submission, deemed: false, videoId: null });
      await rowIn(creatorId, 'active', offer.id, 'approved');
      await negotiate(n.completed, offer, 6, { status: 'accepted', workStatus: 'completed' });
      await rowIn(creatorId, 'completed', offer.id, 'completed');
      expect((await call(c.countsBatch, { creatorIds: [creatorId] }, creator(creatorId))).items).toEqual([{ creatorId, pending: 0, active: 0, completed: 1, inactive: 0 }]);
    });

    it('a part approval shows the work active; withdrawal and expiry move the offer to the inactive tab, and an older event never brings it back', async () => {
      const partly = await sent();
      await negotiate(n.accepted, partly, 2, { status: 'accepted', workStatus: 'active', price: { amount: 250_000, currency: 'USD' }, contractId: randomUUID(), termsHash: 'a'.repeat(64) });
      await negotiate(n.approved, partly, 4, { status: 'accepted', workStatus: 'active', submissionId: randomUUID(), deliverable: 'video', round: 1, deemed: false, videoId: null });
      await rowIn(partly.creatorId, 'active', partly.id, 'active');

      const withdrawn = await sent();
      await negotiate(n.withdrawn, withdrawn, 3, { status: 'withdrawn', workStatus: null });
      await rowIn(withdrawn.creatorId, 'inactive', withdrawn.id, 'withdrawn');
      const late = await negotiate(n.declined, withdrawn, 2, { status: 'declined', workStatus: null, reason: 'no' });
      await eventually(() => withPgClient(sut.db.url, async (pg) => (await pg.query('select 1 from campaigns.inbox where event_id = $1', [late.id])).rowCount === 1));
      expect(await rowIn(withdrawn.creatorId, 'inactive', withdrawn.id)).toMatchObject({ status: 'withdrawn' });

      const expired = await sent();
      await negotiate(n.expired, expired, 2, { status: 'expired', workStatus: null, respondBy: new Date().toISOString() });
      await rowIn(expired.creatorId, 'inactive', expired.id, 'expired');
      expect((await call(c.tabsList, { creatorId: expired.creatorId, tab: 'pending', limit: 50 }, creator(expired.creatorId))).items).toEqual([]);
    });
  });
});
