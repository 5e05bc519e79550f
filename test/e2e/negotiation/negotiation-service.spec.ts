import { jest } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { identityContracts as id, negotiationContracts as n } from '#libs/contracts';
import { OutboxRelay } from '#libs/messaging';
import { eventually, withPgClient } from '#libs/testing';
import { useStack } from '../support/stack.js';
import { ROOMY_LIMITS } from '../security/support.js';
import { baseTerms, failure, World, type Party } from './world.js';

/**
 * Negotiation as other services drive it over NATS — identity for accounts, grants and the
 * creator's audit log (real), metrics to check an approved draft's video (real), offers opened
 * as campaigns opens them — against a real nats-server and PostgreSQL.
 */
describe('negotiation over NATS (with identity; real NATS and Postgres)', () => {
  // Several steps across services per test: room for a loaded machine.
  jest.setTimeout(60_000);
  const stack = useStack({ services: ['identity', 'negotiation', 'metrics'], gateways: 0, env: { ...ROOMY_LIMITS, DEEMED_APPROVAL_SWEEP_MS: '3600000' } });
  let w: World;
  let brand: Party;
  let creator: Party;
  let manager: Party;
  let owner: Party;
  let grantId: string;

  beforeAll(async () => {
    w = await World.connect(stack());
    brand = await w.signup('brand', 'Brand');
    creator = await w.signup('creator');
    ({ owner, member: manager } = await w.agencyMember('manager'));
    grantId = await w.grant(owner, creator, ['campaigns:read', 'offers:negotiate', 'feedback:write']);
  }, 60_000);
  afterAll(async () => w?.close());

  async function openOffer(terms = baseTerms(), belowRateCard: boolean | null = null, respondBy?: Date) {
    const { offerId } = await w.sendOffer(brand, creator, terms, respondBy, belowRateCard);
    return offerId;
  }
  /** The offer's events after its opening. */
  const afterOpening = async (offerId: string) => (await w.negotiationEvents(offerId)).filter((e) => e.subject !== 'negotiation.evt.offer.opened.v1');

  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

  it('runs a whole negotiation and its creative feedback, with one event per step in order', async () => {
    // Campaigns judged the price under the creator's rate card when it sent the offer.
    const offerId = await openOffer(baseTerms(), true);
    const v1 = await w.call(n.offersGet, { offerId }, manager.principal);
    expect(v1).toMatchObject({ status: 'awaiting_response', currentVersion: 1, currentAuthor: 'brand', contract: null, belowRateCard: true });

    const counter = { ...v1.currentTerms, price: { amount: 300_000, currency: 'USD' } };
    expect(await w.call(n.propose, { offerId, baseVersion: 1, terms: counter, comment: 'Our rate' }, manager.principal)).toEqual({ version: 2, status: 'changes_proposed', policyVersion: 0 });
    const brandCounter = { ...counter, price: { amount: 280_000, currency: 'USD' }, exclusivityDays: 14 };
    expect((await w.call(n.propose, { offerId, baseVersion: 2, terms: brandCounter }, brand.principal)).version).toBe(3);

    const accepted = await w.call(n.accept, { offerId, version: 3 }, manager.principal);
    expect(accepted.status).toBe('accepted');
    const versions = await w.call(n.versionsList, { offerId, compare: '1..3' }, creator.principal);
    expect(versions.items.map((v) => [v.version, v.author.side, v.author.grantId])).toEqual([
      [1, 'brand', null],
      [2, 'creator', grantId],
      [3, 'brand', null],
    ]);
    expect(versions.changes?.fields).toEqual([
      { field: 'price.amount', from: 250_000, to: 280_000 },
      { field: 'exclusivityDays', from: 30, to: 14 },
    ]);
    // The contract is identified by the SHA-256 of the accepted terms' canonical JSON.
    const canonical = await withPgClient(stack().db.url, async (c) => (await c.query(`select terms::text as t, terms_hash from negotiation.contracts where offer_id = $1`, [offerId])).rows[0]);
    expect(accepted.contract).toMatchObject({ version: 3, termsHash: canonical.terms_hash });
    expect(canonical.terms_hash).toBe(sha256(JSON.stringify(sortKeys(JSON.parse(canonical.t)))));

    const first = await w.call(n.submit, { offerId, deliverable: 'video', url: 'https://cdn.example.com/d1.mp4', caption: 'Draft 1' }, manager.principal);
    await w.call(n.review, { offerId, submissionId: first.id, decision: 'request_changes', comments: 'Brighter, please' }, brand.principal);
    const second = await w.call(n.submit, { offerId, deliverable: 'video', url: 'https://cdn.example.com/d2.mp4', caption: 'Draft 2', videoId: '7311234567890123456' }, manager.principal);
    expect(second.round).toBe(2);
    // The contract allows one revision round: a second request for changes is over the limit.
    const over = await failure(w.call(n.review, { offerId, submissionId: second.id, decision: 'request_changes' }, brand.principal));
    expect(over.code).toBe('unprocessable');
    expect(over.detail).toMatch(/allows 1 revision round/);
    expect((await w.call(n.review, { offerId, submissionId: second.id, decision: 'approve' }, brand.principal)).status).toBe('approved');
    expect(await w.call(n.complete, { offerId }, brand.principal)).toEqual({ status: 'accepted', workStatus: 'completed' });

    const events = await eventually(async () => {
      const all = await w.negotiationEvents(offerId);
      return all.length === 9 ? all : null;
    }, 10_000);
    expect(events.map((e) => e.subject.split('.')[3])).toEqual(['opened', 'proposed', 'proposed', 'accepted', 'submitted', 'changes-requested', 'submitted', 'approved', 'completed']);
    expect(events.map((e) => e.payload.workStatus)).toEqual([null, null, null, 'active', 'content_submitted', 'revisions_requested', 'content_submitted', 'approved', 'completed']);
    const versionsSeen = events.map((e) => e.aggregateVersion);
    expect([...versionsSeen].sort((a, b) => a - b)).toEqual(versionsSeen);
    expect(new Set(versionsSeen).size).toBe(9);
    expect(events[3]!.payload).toMatchObject({ contractId: accepted.contract!.id, price: { amount: 280_000, currency: 'USD' } });

    // Every act of the agency goes to the creator's audit log (an action event for identity), with the grant used.
    const byAgency = (action: unknown) => action !== 'offer.sent' && !String(action).startsWith('payment.');
    const records = (await eventually(async () => {
      const all = (await w.negotiationEvents(creator.userId)).filter((e) => e.subject === 'negotiation.evt.action.recorded.v2' && (e.payload.target as { id: string }).id === offerId && byAgency(e.payload.action));
      return all.length === 4 ? all : null;
    }, 10_000)).map((e) => e.payload);
    expect(records.map((r) => r.action)).toEqual(['offer.proposed', 'offer.accepted', 'submission.created', 'submission.created']);
    expect(records.every((r) => r.grantId === grantId && r.onBehalfOf === creator.userId && (r.actor as { userId: string }).userId === manager.userId)).toBe(true);
    expect(records.every((r) => (r.actor as { organization: { kind: string } | null }).organization?.kind === 'agency')).toBe(true);
    // …where the creator reads them.
    const log = await eventually(async () => {
      const page = await w.call(id.auditList, { creatorId: creator.userId, limit: 50 }, creator.principal);
      const mine = page.items.filter((e) => e.target.id === offerId && byAgency(e.action));
      return mine.length === 4 ? mine : null;
    }, 10_000);
    expect(log.every((e) => e.grantId === grantId && e.actor.userId === manager.userId && e.onBehalfOf === creator.userId)).toBe(true);
  });

  it('of 50 concurrent proposals on one base version exactly one wins; the others get 409 naming the current version', async () => {
    const offerId = await openOffer();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => w.call(n.propose, { offerId, baseVersion: 1, terms: baseTerms(300_000 + i) }, i % 2 ? manager.principal : brand.principal)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    expect(lost.every((r) => r.reason.code === 'conflict' && /current version is 2/.test(r.reason.detail))).toBe(true);
    const history = await w.call(n.versionsList, { offerId }, brand.principal);
    expect(history.items.map((v) => v.version)).toEqual([1, 2]);
    const stale = await failure(w.call(n.accept, { offerId, version: 1 }, manager.principal));
    expect(stale.errors).toEqual([{ path: 'version', message: 'Current version is 2' }]);
  });

  it('the side that authored the current version cannot accept it; nothing is accepted after a decline', async () => {
    const offerId = await openOffer();
    expect((await failure(w.call(n.accept, { offerId, version: 1 }, brand.principal))).code).toBe('unprocessable');
    expect((await w.call(n.decline, { offerId, reason: 'Dates do not work' }, manager.principal)).status).toBe('declined');
    expect((await failure(w.call(n.accept, { offerId, version: 1 }, manager.principal))).code).toBe('conflict');
    expect(await w.call(n.offersGet, { offerId }, brand.principal)).toMatchObject({ status: 'declined', closedReason: 'Dates do not work' });
  });

  it("a proposal keeps the offer's currency (422 naming both)", async () => {
    const offerId = await openOffer();
    const euros = await failure(w.call(n.propose, { offerId, baseVersion: 1, terms: { ...baseTerms(300_000), price: { amount: 300_000, currency: 'EUR' } } }, manager.principal));
    expect(euros).toMatchObject({ code: 'unprocessable', detail: 'The price is in EUR but the offer is in USD', errors: [{ path: 'terms.price.currency', message: 'Must be USD' }] });
    expect((await w.call(n.versionsList, { offerId }, brand.principal)).items).toHaveLength(1);
  });

  it('an offer opened before negotiation owned the opening (no names, sender or rate floor kept) is still read, answered and withdrawn', async () => {
    const offerId = randomUUID();
    await withPgClient(stack().db.url, async (c) => {
      await c.query(
        `insert into negotiation.offers (id, campaign_id, brand_id, creator_id, status, work_status, current_version, current_author, respond_by, closed_reason, below_rate_card, created_at, updated_at, version)
         values ($1, $2, $3, $4, 'awaiting_response', null, 1, 'brand', now() + interval '7 days', null, null, now(), now(), 1)`,
        [offerId, randomUUID(), brand.orgId, creator.userId],
      );
      await c.query(
        `insert into negotiation.terms_versions (id, offer_id, number, terms, author_side, actor_user_id, on_behalf_of, grant_id, policy_version, comment, created_at)
         values ($1, $2, 1, $3, 'brand', $4, null, null, null, null, now())`,
        [randomUUID(), offerId, JSON.stringify(baseTerms()), brand.userId],
      );
    });
    expect(await w.call(n.offersGet, { offerId }, manager.principal)).toMatchObject({ status: 'awaiting_response', belowRateCard: null });
    expect((await w.call(n.propose, { offerId, baseVersion: 1, terms: baseTerms(300_000) }, manager.principal)).version).toBe(2);
    expect(await w.call(n.offersWithdraw, { offerId }, brand.principal)).toMatchObject({ status: 'withdrawn', sentBy: brand.userId, price: { amount: 300_000, currency: 'USD' } });
  });

  describe('creator consent', () => {
    let consenting: Party;
    let agent: Party;

    beforeAll(async () => {
      consenting = await w.signup('creator');
      const agency = await w.agencyMember('manager');
      agent = agency.member;
      await w.grant(agency.owner, consenting, ['offers:negotiate']);
      await w.call(n.policyPut, { creatorId: consenting.userId, requireConfirmation: true, minimumPrices: [{ deliverable: 'video', price: { amount: 200_000, currency: 'USD' } }] }, consenting.principal);
    }, 30_000);

    async function offerTo(amount: number) {
      const { offerId } = await w.sendOffer(brand, consenting, baseTerms(amount));
      await eventually(() => w.call(n.offersGet, { offerId }, brand.principal), 10_000);
      return offerId;
    }

    it('only the creator changes the policy; their agency reads it', async () => {
      expect((await failure(w.call(n.policyPut, { creatorId: consenting.userId, requireConfirmation: false, minimumPrices: [] }, agent.principal))).code).toBe('forbidden');
      expect((await failure(w.call(n.policyPut, { creatorId: consenting.userId, requireConfirmation: false, minimumPrices: [] }, brand.principal))).code).toBe('not_found');
      await eventually(async () => (await w.call(n.policyGet, { creatorId: consenting.userId }, agent.principal)).requireConfirmation, 10_000);
    });

    it("refuses a creator-side proposal or accept below the creator's minimum, naming it; the brand's own price may be below it", async () => {
      const offerId = await offerTo(150_000);
      const low = await failure(w.call(n.propose, { offerId, baseVersion: 1, terms: baseTerms(190_000) }, agent.principal));
      expect(low.code).toBe('unprocessable');
      expect(low.errors).toEqual([{ path: 'terms.price.amount', message: 'Minimum is $2,000.00' }]);
      expect((await failure(w.call(n.accept, { offerId, version: 1 }, agent.principal))).code).toBe('unprocessable');
      expect((await w.call(n.propose, { offerId, baseVersion: 1, terms: baseTerms(160_000) }, brand.principal)).version).toBe(2);
      // The creator acting themselves is held to their own floor too (they may lower it first).
      expect((await failure(w.call(n.accept, { offerId, version: 2 }, consenting.principal))).code).toBe('unprocessable');
      expect((await failure(w.call(n.propose, { offerId, baseVersion: 2, terms: baseTerms(190_000) }, consenting.principal))).errors).toEqual([
        { path: 'terms.price.amount', message: 'Minimum is $2,000.00' },
      ]);
    });

    it("an agency's accept waits for the creator, who confirms it; the contract names both and the policy applied", async () => {
      const offerId = await offerTo(220_000);
      const waiting = await w.call(n.accept, { offerId, version: 1 }, agent.principal);
      expect(waiting).toMatchObject({ status: 'awaiting_creator_confirmation', contract: null, policyVersion: 1 });
      expect((await failure(w.call(n.confirm, { offerId }, agent.principal))).code).toBe('forbidden');
      const confirmed = await w.call(n.confirm, { offerId }, consenting.principal);
      expect(confirmed).toMatchObject({ status: 'accepted', version: 1, policyVersion: 1 });
      const parties = await withPgClient(stack().db.url, async (c) => (await c.query(`select parties, policy_version from negotiation.contracts where offer_id = $1`, [offerId])).rows[0]);
      expect(parties).toMatchObject({ policy_version: 1, parties: { acceptedBy: { userId: agent.userId }, confirmedBy: consenting.userId } });
      const subjects = (await eventually(async () => ((await afterOpening(offerId)).length === 2 ? afterOpening(offerId) : null), 10_000)).map((e) => e.subject);
      expect(subjects).toEqual(['negotiation.evt.offer.confirmation-requested.v1', 'negotiation.evt.offer.accepted.v1']);
    });

    it('the creator may send a waiting accept back: the offer is open again on the same version', async () => {
      const offerId = await offerTo(220_000);
      await w.call(n.accept, { offerId, version: 1 }, agent.principal);
      expect(await w.call(n.rejectConfirmation, { offerId, reason: 'Not this brand' }, consenting.principal)).toMatchObject({ status: 'awaiting_response', version: 1 });
      expect((await w.call(n.accept, { offerId, version: 1 }, consenting.principal)).status).toBe('accepted');
    });
  });

  describe('acting on behalf', () => {
    it('a manager without offers:negotiate reads the offer but may not negotiate (403)', async () => {
      const reader = await w.signup('creator');
      const agency = await w.agencyMember('manager');
      await w.grant(agency.owner, reader, ['campaigns:read']);
      const { offerId } = await w.sendOffer(brand, reader);
      await eventually(() => w.call(n.offersGet, { offerId }, agency.member.principal), 10_000);
      expect((await failure(w.call(n.propose, { offerId, baseVersion: 1, terms: baseTerms(300_000) }, agency.member.principal))).code).toBe('forbidden');
      expect((await failure(w.call(n.accept, { offerId, version: 1 }, agency.member.principal))).code).toBe('forbidden');
      expect((await failure(w.call(n.messagesPost, { offerId, body: 'hi' }, agency.member.principal))).code).toBe('forbidden');
    });

    it('a grant revoked mid-negotiation is refused by negotiation at once, whatever its copy of the grant says', async () => {
      const revoking = await w.signup('creator');
      const agency = await w.agencyMember('manager');
      const grant = await w.grant(agency.owner, revoking, ['offers:negotiate']);
      const { offerId } = await w.sendOffer(brand, revoking);
      await eventually(() => w.call(n.offersGet, { offerId }, agency.member.principal), 10_000);
      expect((await w.call(n.propose, { offerId, baseVersion: 1, terms: baseTerms(300_000) }, agency.member.principal)).version).toBe(2);
      await w.call(id.grantsRevoke, { grantId: grant }, revoking.principal);
      // Straight after the revocation commits: the projection may not have the event yet.
      expect((await failure(w.call(n.accept, { offerId, version: 2 }, agency.member.principal))).code).toBe('not_found');
      expect((await failure(w.call(n.decline, { offerId, reason: 'x' }, agency.member.principal))).code).toBe('not_found');
      expect((await w.call(n.offersGet, { offerId }, brand.principal)).status).toBe('changes_proposed');
    });

    it('strangers get 404 for an offer that exists', async () => {
      const offerId = await openOffer();
      const otherBrand = await w.signup('brand', 'Other');
      const otherCreator = await w.signup('creator');
      const otherAgency = await w.agencyMember('manager');
      for (const p of [otherBrand.principal, otherCreator.principal, otherAgency.member.principal]) {
        expect((await failure(w.call(n.offersGet, { offerId }, p))).code).toBe('not_found');
        expect((await failure(w.call(n.propose, { offerId, baseVersion: 1, terms: baseTerms() }, p))).code).toBe('not_found');
      }
    });
  });

  it('messages form one ordered thread per offer, paginated', async () => {
    const offerId = await openOffer();
    for (const [i, who] of [brand, manager, creator, brand, manager].entries()) {
      await w.call(n.messagesPost, { offerId, body: `message ${i}` }, who.principal);
    }
    const page1 = await w.call(n.messagesList, { offerId, limit: 3 }, brand.principal);
    const page2 = await w.call(n.messagesList, { offerId, limit: 3, cursor: page1.nextCursor! }, manager.principal);
    expect([...page1.items, ...page2.items].map((m) => [m.seq, m.body, m.author.side])).toEqual([
      [1, 'message 0', 'brand'],
      [2, 'message 1', 'creator'],
      [3, 'message 2', 'creator'],
      [4, 'message 3', 'brand'],
      [5, 'message 4', 'creator'],
    ]);
    expect(page2.nextCursor).toBeNull();
    expect(page1.items[1]!.author).toMatchObject({ userId: manager.userId, onBehalfOf: creator.userId, grantId });
  });

  it('the brand withdraws an undecided offer; nothing is answered after it, and a settled offer is not withdrawn (409 naming its status)', async () => {
    const offerId = await openOffer();
    expect(await w.call(n.offersWithdraw, { offerId }, brand.principal)).toMatchObject({ status: 'withdrawn', tab: 'inactive' });
    const late = await failure(w.call(n.accept, { offerId, version: 1 }, manager.principal));
    expect(late).toMatchObject({ code: 'conflict', detail: 'The offer is withdrawn; accept is not possible' });
    expect(await w.call(n.offersGet, { offerId }, brand.principal)).toMatchObject({ status: 'withdrawn', closedReason: 'withdrawn by the brand', contract: null });
    expect((await failure(w.call(n.offersWithdraw, { offerId }, manager.principal))).code).toBe('forbidden');

    const accepted = await openOffer();
    await w.call(n.accept, { offerId: accepted, version: 1 }, manager.principal);
    const refused = await failure(w.call(n.offersWithdraw, { offerId: accepted }, brand.principal));
    expect(refused).toMatchObject({ code: 'conflict', detail: 'The offer is accepted; withdraw is not possible' });
    expect((await failure(w.call(n.submit, { offerId, deliverable: 'video', url: 'https://cdn.example.com/x.mp4', caption: 'x' }, manager.principal))).code).toBe('conflict');
  });

  it('only campaigns opens offers: a principal the gateway signed is refused', async () => {
    const { offerId } = await w.sendOffer(brand, creator);
    const view = await w.call(n.offersGet, { offerId }, brand.principal);
    const opening = { offerId: randomUUID(), campaignId: view.campaignId, campaignName: 'X', brandId: view.brandId, brandName: 'X', creatorId: view.creatorId, terms: view.currentTerms, respondBy: new Date(Date.now() + 86_400_000).toISOString(), belowRateCard: null, rateCardPrice: null, rateCardVersion: null };
    expect((await failure(w.call(n.offersOpen, opening, brand.principal))).code).toBe('unauthenticated');
  });

  it('after respondBy nothing is answered (409 naming expired), the refusal records the expiry once, and the sweep expires the rest once', async () => {
    const lapsing = await openOffer();
    const swept = await openOffer();
    // Time passes: the offers' respond-by dates are now behind us (no clock to wait on under load).
    await withPgClient(stack().db.url, (c) => c.query(`update negotiation.offers set respond_by = now() - interval '1 second' where id = any($1)`, [[lapsing, swept]]));
    expect((await w.call(n.offersGet, { offerId: swept }, brand.principal)).status).toBe('expired');
    const refused = await failure(w.call(n.accept, { offerId: lapsing, version: 1 }, manager.principal));
    expect(refused).toMatchObject({ code: 'conflict', detail: 'The offer is expired; accept is not possible' });
    const sweeper = await expirySweeper();
    const swept1 = sweeper.sweep(new Date());
    const swept2 = sweeper.sweep(new Date());
    expect((await swept1) + (await swept2)).toBeGreaterThanOrEqual(1);
    expect(await sweeper.sweep(new Date())).toBe(0);
    for (const offerId of [lapsing, swept]) {
      const expired = await eventually(async () => {
        const all = (await afterOpening(offerId)).map((e) => e.subject);
        return all.length ? all : null;
      }, 10_000);
      expect(expired).toEqual(['negotiation.evt.offer.expired.v1']);
      expect(await w.call(n.offersGet, { offerId }, brand.principal)).toMatchObject({ status: 'expired', closedReason: 'expired without an answer' });
    }
  });

  it('a draft left unreviewed for the review window is deemed approved by the sweep, and the audit log says so', async () => {
    const offerId = await openOffer();
    await w.call(n.accept, { offerId, version: 1 }, creator.principal);
    const draft = await w.call(n.submit, { offerId, deliverable: 'video', url: 'https://cdn.example.com/v.mp4', caption: 'Final' }, creator.principal);
    const sweeper = await deemedApprovals();
    const submitted = new Date(draft.submittedAt).getTime();
    expect(await sweeper.sweep(new Date(submitted + 14 * 86_400_000 - 1000))).toBe(0);
    expect(await sweeper.sweep(new Date(submitted + 14 * 86_400_000 + 1000))).toBe(1);
    expect(await sweeper.sweep(new Date(submitted + 15 * 86_400_000))).toBe(0);
    const [sub] = (await w.call(n.submissionsList, { offerId }, brand.principal)).items;
    expect(sub).toMatchObject({ status: 'approved', review: { decision: 'approve', deemed: true, reviewerUserId: null } });
    expect((await w.call(n.offersGet, { offerId }, brand.principal)).workStatus).toBe('approved');
    const entry = await withPgClient(stack().db.url, async (c) => (await c.query(`select action, actor_user_id, details from negotiation.audit_log where offer_id = $1 and action like 'submission.%' order by at`, [offerId])).rows);
    expect(entry.map((e) => e.action)).toEqual(['submission.created', 'submission.deemed-approved']);
    expect(entry[1]).toMatchObject({ actor_user_id: null, details: { reason: "not reviewed within the contract's review window of 14 days" } });
    const approved = await eventually(async () => (await w.negotiationEvents(offerId)).find((e) => e.subject.endsWith('approved.v1')), 10_000);
    expect(approved.payload).toMatchObject({ deemed: true, workStatus: 'approved' });
    // The creator's own log hears of it too: nobody acted, the clock did.
    const record = await eventually(async () => (await w.negotiationEvents(creator.userId)).find((e) => e.payload.action === 'submission.deemed-approved' && (e.payload.target as { id: string }).id === offerId), 10_000);
    expect(record.payload).toMatchObject({ actor: { userId: null }, onBehalfOf: creator.userId, grantId: null });
    const logged = await eventually(async () => (await w.call(id.auditList, { creatorId: creator.userId, limit: 50 }, creator.principal)).items.find((e) => e.action === 'submission.deemed-approved' && e.target.id === offerId), 10_000);
    expect(logged).toMatchObject({ actor: { userId: null }, details: { reason: "not reviewed within the contract's review window of 14 days" } });
  });

  it('an accept committed by a process that dies before publishing its event is published once after restart', async () => {
    const offerId = await openOffer();
    // Stop the relay: the next commit stays in the outbox, as if the process died right after it.
    await stack().service('negotiation').app.get(OutboxRelay).stop();
    const accepted = await w.call(n.accept, { offerId, version: 1 }, creator.principal);
    await stack().stopService('negotiation');
    expect((await afterOpening(offerId)).map((e) => e.subject)).toEqual([]);
    await stack().startService('negotiation');
    const events = await eventually(async () => {
      const all = await afterOpening(offerId);
      return all.length ? all : null;
    }, 10_000);
    expect(events.map((e) => [e.subject, e.payload.contractId])).toEqual([['negotiation.evt.offer.accepted.v1', accepted.contract!.id]]);
    expect((await w.call(n.offersGet, { offerId }, brand.principal)).status).toBe('accepted');
  });

  it('the contract and the audit log refuse to be changed', async () => {
    await withPgClient(stack().db.url, async (c) => {
      await expect(c.query(`update negotiation.contracts set terms_hash = repeat('0', 64)`)).rejects.toThrow(/immutable/);
      await expect(c.query(`delete from negotiation.audit_log`)).rejects.toThrow(/immutable/);
    });
  });

  async function expirySweeper() {
    const { OfferExpirySweeper } = await import('../../../services/negotiation/src/offers/offer-expiry.sweeper.js');
    return stack().service('negotiation').app.get(OfferExpirySweeper);
  }

  async function deemedApprovals() {
    const { DeemedApprovalSweeper } = await import('../../../services/negotiation/src/feedback/deemed-approval.sweeper.js');
    return stack().service('negotiation').app.get(DeemedApprovalSweeper);
  }
});

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}
