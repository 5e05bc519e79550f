import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { Msg } from '@nats-io/transport-node';
import {
  campaignsContracts as c,
  grantEvents,
  negotiationEvents as n,
  rateEvents,
  userEvents,
  type EventContract,
  type Principal,
  type RequestOf,
} from '#libs/contracts';
import { buildEnvelope, type NewEvent } from '#libs/messaging';
import { startService, type RunningService } from '#libs/service-defaults';
import { appErrorOf, bootService, eventually, nonEmpty, principalOfToken, withPgClient, type ServiceUnderTest } from '#libs/testing';
import { campaignsApp } from './campaigns.app.js';
import { OfferExpirySweeper } from './offers/offer-expiry.sweeper.js';

/**
 * Campaigns on its own, through its NATS subjects and the events it consumes, against a real
 * nats-server and PostgreSQL. Identity's one request (the brand's name at campaign creation) is
 * answered by a stand-in on the bus; the events other services publish are published here.
 */
describe('campaigns over NATS (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  let replica: RunningService | undefined;
  const env = { OFFER_EXPIRY_SWEEP_MS: '3600000' };

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
    await sut.clientConnection.flush();
  }, 60_000);
  afterAll(async () => {
    await replica?.close();
    await sut?.close();
  }, 30_000);

  const call = <C extends (typeof c)[keyof typeof c]>(contract: C, payload: RequestOf<C>, principal: Principal) => sut.client.request(contract, payload, { principal });
  const failure = appErrorOf;

  async function publish<C extends EventContract>(contract: C, event: NewEvent<C>, id: string = randomUUID(), at = new Date()) {
    const envelope = buildEnvelope(contract, event, at, id);
    await jetstream(sut.clientConnection).publish(contract.subject, JSON.stringify(envelope), { msgID: `${envelope.id}-${Math.random()}` });
    return envelope;
  }

  /** Events campaigns has published, by subject. */
  async function published(subject: string): Promise<{ aggregateId: string; payload: Record<string, unknown> }[]> {
    const jsm = await jetstreamManager(sut.clientConnection);
    const info = await jsm.streams.info('CAMPAIGNS');
    const out = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage('CAMPAIGNS', { seq }).catch(() => null);
      if (msg?.subject === subject) out.push(msg.json<{ aggregateId: string; payload: Record<string, unknown> }>());
    }
    return out;
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
      withPgClient(sut.db.url, async (pg) => (await pg.query('select 1 from campaigns.grants where grant_id = $1 and status = $2', [grantId, status])).rowCount === 1),
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

  describe('offers and tabs', () => {
    it("shows a sent offer at once in the creator's pending tab and to an agency with campaigns:read, not without it", async () => {
      const creatorId = await newCreator();
      await grant(creatorId, ['campaigns:read']);
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const offer = await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager);
      expect(offer).toMatchObject({ status: 'awaiting_response', tab: 'pending', version: 1, belowRateCard: null, rateCardPrice: null });
      // 7 days to answer when the brand names no date.
      expect(Date.parse(offer.respondBy) - Date.parse(offer.createdAt)).toBe(7 * day);

      const row = { offerId: offer.id, campaignId: campaign.id, campaignName: 'Spring glow launch', brand: { id: BRAND, name: 'Glow Labs' }, status: 'awaiting_response', belowRateCard: null };
      expect((await call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, creator(creatorId))).items).toEqual([expect.objectContaining(row)]);
      expect((await call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, agencyMember('viewer'))).items).toEqual([expect.objectContaining(row)]);
      expect((await call(c.countsBatch, { creatorIds: [creatorId] }, agencyMember())).items).toEqual([{ creatorId, pending: 1, active: 0, completed: 0, inactive: 0 }]);

      const stranger = await newCreator();
      await grant(stranger, ['metrics:read']);
      expect((await failure(call(c.tabsList, { creatorId: stranger, tab: 'pending', limit: 50 }, agencyMember()))).code).toBe('forbidden');
      expect((await failure(call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, agencyMember('owner', randomUUID())))).code).toBe('not_found');
      expect((await failure(call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, creator(stranger)))).code).toBe('not_found');
      expect((await failure(call(c.offersGet, { offerId: offer.id }, creator(stranger)))).code).toBe('not_found');
      expect((await failure(call(c.offersGet, { offerId: offer.id }, brand(OTHER_BRAND)))).code).toBe('not_found');
      // A batch leaves out the creators the caller may not read.
      expect((await call(c.countsBatch, { creatorIds: [creatorId, stranger] }, agencyMember())).items.map((i) => i.creatorId)).toEqual([creatorId]);

      const [created] = await eventually(async () => nonEmpty((await published('campaigns.evt.offer.created.v1')).filter((e) => e.aggregateId === offer.id)));
      expect(created?.payload).toMatchObject({ offerId: offer.id, creatorId, brandName: 'Glow Labs', terms: expect.objectContaining({ price: offer.price, deliverables: offer.deliverables, reviewWindowDays: 14 }) });
      const audit = await eventually(async () => nonEmpty((await published('campaigns.evt.action.recorded.v1')).filter((e) => (e.payload.target as { id: string }).id === offer.id)));
      expect(audit[0]?.payload).toMatchObject({ action: 'offer.sent', onBehalfOf: creatorId, actor: { userId: brandManager.userId, orgId: BRAND } });
    });

    it('allows one open offer per campaign and creator (409), and refuses an unknown creator (422)', async () => {
      const creatorId = await newCreator();
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager);
      expect((await failure(call(c.offersSend, offerInput(campaign.id, creatorId), brandManager))).code).toBe('conflict');
      const unknown = await failure(call(c.offersSend, offerInput(campaign.id, randomUUID()), brandManager));
      expect(unknown).toMatchObject({ code: 'unprocessable', errors: [{ path: 'creatorId', message: 'No such creator' }] });
      expect((await failure(call(c.offersSend, offerInput(campaign.id, creatorId), brand(OTHER_BRAND)))).code).toBe('not_found');
    });

    it('withdraws a pending offer into the inactive tab; a second withdrawal is a 409 naming the status', async () => {
      const creatorId = await newCreator();
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const offer = await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager);
      expect((await failure(call(c.offersWithdraw, { offerId: offer.id }, brand(OTHER_BRAND)))).code).toBe('not_found');
      const withdrawn = await call(c.offersWithdraw, { offerId: offer.id }, brand());
      expect(withdrawn).toMatchObject({ status: 'withdrawn', tab: 'inactive', nextDeadline: null });
      expect((await call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, creator(creatorId))).items).toEqual([]);
      expect((await call(c.tabsList, { creatorId, tab: 'inactive', limit: 50 }, creator(creatorId))).items).toEqual([expect.objectContaining({ offerId: offer.id, status: 'withdrawn' })]);
      const again = await failure(call(c.offersWithdraw, { offerId: offer.id }, brand()));
      expect(again.code).toBe('conflict');
      expect(again.detail).toContain('withdrawn');
      await eventually(async () => (await published('campaigns.evt.offer.withdrawn.v1')).some((e) => e.aggregateId === offer.id));
      // Withdrawn, a new offer to the same creator may be sent.
      await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager);
    });

    it('pages a tab newest first', async () => {
      const creatorId = await newCreator();
      const sent = [];
      for (let i = 0; i < 3; i++) {
        const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
        sent.push((await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager)).id);
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
      const again = await call(c.offersGet, { offerId: offer.id }, creator(creatorId));
      expect(again).toMatchObject({ belowRateCard: true, rateCardPrice: { amount: 300_000, currency: 'USD' }, rateCardVersion: 1 });
      const [row] = (await call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, creator(creatorId))).items;
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
    const statusOf = async (offerId: string, creatorId: string) => (await call(c.offersGet, { offerId }, creator(creatorId))).status;

    it('applies accepted, submitted and approved in order, ignores redeliveries and never moves back for a late older event', async () => {
      const creatorId = await newCreator();
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const sent = await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager);
      const offer = { id: sent.id, campaignId: campaign.id, creatorId };
      const price = { amount: 300_000, currency: 'USD' };

      // Version 3 (accepted) overtakes version 2 (a counter-proposal): the late proposal is ignored.
      const accepted = await negotiate(n.accepted, offer, 3, { status: 'accepted', workStatus: 'active', version: 2, price, contractId: randomUUID(), termsHash: 'a'.repeat(64) });
      await eventually(async () => (await statusOf(offer.id, creatorId)) === 'accepted');
      await negotiate(n.proposed, offer, 2, { status: 'changes_proposed', workStatus: null, version: 2, price: { amount: 1, currency: 'USD' } });
      // Redelivery of the same event id.
      await negotiate(n.accepted, offer, 3, { status: 'accepted', workStatus: 'active', version: 2, price, contractId: randomUUID(), termsHash: 'a'.repeat(64) }, accepted.id);
      const submission = { submissionId: randomUUID(), deliverable: 'video', round: 1 };
      await negotiate(n.submitted, offer, 4, { status: 'accepted', workStatus: 'content_submitted', ...submission });
      await eventually(async () => (await statusOf(offer.id, creatorId)) === 'content_submitted');
      const view = await call(c.offersGet, { offerId: offer.id }, creator(creatorId));
      expect(view).toMatchObject({ status: 'content_submitted', tab: 'active', price, version: 2 });

      await negotiate(n.approved, offer, 5, { status: 'accepted', workStatus: 'approved', ...submission, deemed: false, videoId: null });
      await eventually(async () => (await statusOf(offer.id, creatorId)) === 'approved');
      await negotiate(n.completed, offer, 6, { status: 'accepted', workStatus: 'completed' });
      await eventually(async () => (await statusOf(offer.id, creatorId)) === 'completed');
      expect((await call(c.countsBatch, { creatorIds: [creatorId] }, creator(creatorId))).items).toEqual([{ creatorId, pending: 0, active: 0, completed: 1, inactive: 0 }]);

      const changes = async () => (await published('campaigns.evt.offer.status-changed.v1')).filter((e) => e.aggregateId === offer.id).map((e) => e.payload.status);
      await eventually(async () => (await changes()).length === 4);
      expect(await changes()).toEqual(['accepted', 'content_submitted', 'approved', 'completed']);
    });

    it('keeps a withdrawn offer withdrawn when negotiation answers after it', async () => {
      const creatorId = await newCreator();
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const sent = await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager);
      await call(c.offersWithdraw, { offerId: sent.id }, brandManager);
      const offer = { id: sent.id, campaignId: campaign.id, creatorId };
      const late = await negotiate(n.declined, offer, 2, { status: 'declined', workStatus: null, reason: 'no' });
      await eventually(() => withPgClient(sut.db.url, async (pg) => (await pg.query('select 1 from campaigns.inbox where event_id = $1', [late.id])).rowCount === 1));
      expect(await statusOf(offer.id, creatorId)).toBe('withdrawn');
    });
  });

  describe('expiry', () => {
    /** Time passes: the offers' respond-by dates are now behind us (no clock to wait on under load). */
    const deadlinePasses = (offerIds: string[]) =>
      withPgClient(sut.db.url, (pg) => pg.query(`update campaigns.offers set respond_by = now() - interval '1 second' where id = any($1)`, [offerIds]));

    it('shows an offer past respondBy as expired before any sweep, then the sweep records it once', async () => {
      const creatorId = await newCreator();
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const respondBy = new Date(Date.now() + 60_000).toISOString();
      const offer = await call(c.offersSend, offerInput(campaign.id, creatorId, { respondBy }), brandManager);
      expect(offer.status).toBe('awaiting_response');
      await deadlinePasses([offer.id]);
      expect((await call(c.offersGet, { offerId: offer.id }, creator(creatorId))).status).toBe('expired');
      expect((await call(c.tabsList, { creatorId, tab: 'pending', limit: 50 }, creator(creatorId))).items).toEqual([]);
      expect((await call(c.tabsList, { creatorId, tab: 'inactive', limit: 50 }, creator(creatorId))).items).toEqual([expect.objectContaining({ offerId: offer.id, status: 'expired' })]);
      expect((await call(c.countsBatch, { creatorIds: [creatorId] }, creator(creatorId))).items[0]).toMatchObject({ pending: 0, inactive: 1 });
      expect(await published('campaigns.evt.offer.expired.v1')).not.toContainEqual(expect.objectContaining({ aggregateId: offer.id }));

      // Withdrawing a lapsed offer records the expiry and refuses the withdrawal.
      const err = await failure(call(c.offersWithdraw, { offerId: offer.id }, brandManager));
      expect(err.code).toBe('conflict');
      expect(err.detail).toContain('expired');
      await sut.service.app.get(OfferExpirySweeper).run();
      const expired = await eventually(async () => nonEmpty((await published('campaigns.evt.offer.expired.v1')).filter((e) => e.aggregateId === offer.id)));
      expect(expired).toHaveLength(1);
    });

    it('with two instances sweeping at once, expires each offer exactly once', async () => {
      replica = await startService({
        ...campaignsApp,
        env: { ...sut.nats.envFor('campaigns'), DATABASE_URL: sut.db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...env },
      });
      const campaign = await call(c.campaignsCreate, campaignInput(), brandManager);
      const creators = await Promise.all(Array.from({ length: 30 }, () => newCreator()));
      const offers: string[] = [];
      for (const creatorId of creators) offers.push((await call(c.offersSend, offerInput(campaign.id, creatorId), brandManager)).id);
      await deadlinePasses(offers);
      const sweepers = [sut.service.app.get(OfferExpirySweeper), replica.app.get(OfferExpirySweeper)];
      await Promise.all([...sweepers.map((s) => s.run()), ...sweepers.map((s) => s.run())]);

      const rows = await withPgClient(sut.db.url, async (pg) => {
        const { rows } = await pg.query<{ id: string; status: string; expired_events: string }>(
          `select o.id, o.status, (select count(*) from campaigns.outbox m where m.subject = 'campaigns.evt.offer.expired.v1' and m.envelope->>'aggregateId' = o.id::text) as expired_events
           from campaigns.offers o where o.id = any($1)`,
          [offers],
        );
        return rows;
      });
      expect(rows).toHaveLength(30);
      expect(rows.every((r) => r.status === 'expired' && Number(r.expired_events) === 1)).toBe(true);
    }, 60_000);
  });
});
