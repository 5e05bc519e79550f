import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { negotiationContracts as n, type TermsInput } from '#libs/contracts';
import { eventually, pdfPageTexts, withPgClient } from '#libs/testing';
import { useStack } from '../support/stack.js';
import { ROOMY_LIMITS } from '../security/support.js';
import { baseTerms, failure, World, type Party } from './world.js';

/**
 * Money after the handshake as other services drive it over NATS (identity real, offers opened
 * as campaigns opens them): the schedule made at acceptance, signatures and the clock they
 * start, invoice → paid → statement with the split, overdue by an injected clock, disputes,
 * cancellation by agreement and its settlement, the contract as JSON and PDF.
 */
describe('payments, contract and cancellation over NATS (real NATS and Postgres)', () => {
  jest.setTimeout(60_000);
  const stack = useStack({ services: ['identity', 'negotiation'], gateways: 0, env: { ...ROOMY_LIMITS, DEEMED_APPROVAL_SWEEP_MS: '3600000', PAYMENT_OVERDUE_SWEEP_MS: '3600000' } });
  let w: World;
  let brand: Party;
  let creator: Party;
  let manager: Party;
  let owner: Party;
  let agencyId: string;

  beforeAll(async () => {
    w = await World.connect(stack());
    brand = await w.signup('brand', 'Brand');
    creator = await w.signup('creator');
    ({ owner, member: manager } = await w.agencyMember('manager'));
    agencyId = owner.orgId!;
    await w.grant(owner, creator, ['campaigns:read', 'offers:negotiate', 'feedback:write']);
    // Roster's commission as negotiation's projection holds it: 20 %, the manager gets 25 % of that.
    await withPgClient(stack().db.url, (c) =>
      c.query(`insert into negotiation.commission_versions (agency_id, creator_id, version, percent, splits, valid_from) values ($1, $2, 1, 20, $3, now() - interval '1 day')`, [
        agencyId,
        creator.userId,
        JSON.stringify([{ userId: manager.userId, percent: 25 }]),
      ]),
    );
  }, 60_000);
  afterAll(async () => w?.close());

  const terms = (): TermsInput => ({
    ...baseTerms(100_001),
    paymentTerms: { upfrontPercent: 30, netDays: 10, milestones: [{ name: 'Video approved', amount: { amount: 20_000, currency: 'USD' }, trigger: 'deliverable_approved', deliverable: 'video' }] },
    exclusivityCategory: 'soft drinks',
  });

  async function acceptedOffer(t: TermsInput = terms()) {
    const { offerId } = await w.sendOffer(brand, creator, t);
    const accepted = await w.call(n.accept, { offerId, version: 1 }, manager.principal);
    return { offerId, accepted };
  }
  const sweeper = async () => {
    const { PaymentOverdueSweeper } = await import('../../../services/negotiation/src/payments/payment-overdue.sweeper.js');
    return stack().service('negotiation').app.get(PaymentOverdueSweeper);
  };

  it('acceptance makes the schedule; both signatures start its clock; a second signature is 409; the PDF names the hash', async () => {
    const { offerId, accepted } = await acceptedOffer();
    const { items } = await w.call(n.paymentsList, { offerId }, creator.principal);
    // 30 % of 1000.01 rounds down to 300.00; the balance takes the rest.
    expect(items.map((p) => [p.kind, p.amount.amount, p.trigger, p.status, p.dueAt])).toEqual([
      ['upfront', 30_000, 'contract_signed', 'scheduled', null],
      ['milestone', 20_000, 'deliverable_approved', 'scheduled', null],
      ['balance', 50_001, 'work_approved', 'scheduled', null],
    ]);
    expect(items.reduce((s, p) => s + p.amount.amount, 0)).toBe(100_001);
    // The split follows the commission in force at acceptance; its lines add up to the payment.
    expect(items[0]!.split).toEqual([
      { party: 'creator', userId: creator.userId, amount: 24_000 },
      { party: 'agency', userId: null, amount: 4_500 },
      { party: 'manager', userId: manager.userId, amount: 1_500 },
    ]);

    const first = await w.call(n.contractSign, { offerId }, creator.principal);
    expect(first.signatures.map((s) => s.party)).toEqual(['creator']);
    expect(first.signedAt).toBeNull();
    expect((await failure(w.call(n.contractSign, { offerId }, creator.principal))).code).toBe('conflict');
    // An agency does not sign for the creator.
    expect((await failure(w.call(n.contractSign, { offerId }, manager.principal))).code).toBe('forbidden');
    const both = await w.call(n.contractSign, { offerId }, brand.principal);
    expect(both.signedAt).not.toBeNull();
    expect(both.termsHash).toBe(accepted.contract!.termsHash);
    expect((await failure(w.call(n.contractSign, { offerId }, brand.principal))).detail).toMatch(/brand side signed this contract already/);
    const upfront = both.schedule[0]!;
    expect(upfront.status).toBe('due');
    expect(Date.parse(upfront.dueAt!)).toBe(Date.parse(both.signedAt!) + 10 * 86_400_000);
    expect(both.terms.exclusivityCategory).toBe('soft drinks');

    const pdf = Buffer.from((await w.call(n.contractPdf, { offerId }, brand.principal)).base64, 'base64');
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    for (const page of pdfPageTexts(pdf)) expect(page).toContain(both.termsHash);

    const events = await eventually(async () => {
      const mine = (await Promise.all(items.map((p) => w.negotiationEvents(p.id)))).flat().map((e) => e.subject);
      return mine.length >= 4 ? mine : null;
    }, 10_000);
    expect(events).toEqual(expect.arrayContaining(['negotiation.evt.payment.scheduled.v1', 'negotiation.evt.payment.due.v1']));
  });

  it('invoice → paid → a statement line with the split; overdue by the clock, once; a dispute', async () => {
    const { offerId } = await acceptedOffer();
    await w.call(n.contractSign, { offerId }, creator.principal);
    await w.call(n.contractSign, { offerId }, brand.principal);
    const [upfront] = (await w.call(n.paymentsList, { offerId }, brand.principal)).items;
    const invoiced = await w.call(n.paymentInvoice, { paymentId: upfront!.id, reference: 'INV-1' }, manager.principal);
    expect(invoiced).toMatchObject({ status: 'invoiced', invoiceReference: 'INV-1' });
    // The brand pays; the creator side cannot mark its own payment paid, a brand viewer neither.
    expect((await failure(w.call(n.paymentPaid, { paymentId: upfront!.id, reference: 'W-1' }, manager.principal))).code).toBe('forbidden');
    expect((await failure(w.call(n.paymentPaid, { paymentId: upfront!.id, reference: 'W-1' }, { ...brand.principal, userId: randomUUID(), role: 'viewer' }))).code).toBe('forbidden');
    const paid = await w.call(n.paymentPaid, { paymentId: upfront!.id, reference: 'W-1' }, brand.principal);
    expect(paid).toMatchObject({ status: 'paid', paidReference: 'W-1' });
    expect((await failure(w.call(n.paymentPaid, { paymentId: upfront!.id, reference: 'W-2' }, brand.principal))).detail).toBe('The payment is paid; pay is not possible');

    const month = paid.paidAt!.slice(0, 7);
    const mine = await w.call(n.statement, { creatorId: creator.userId, month }, creator.principal);
    const line = mine.items.find((i) => i.paymentId === upfront!.id);
    expect(line).toMatchObject({ amount: { amount: 30_000, currency: 'USD' }, split: paid.split });
    const agencys = await w.call(n.statement, { creatorId: creator.userId, month }, manager.principal);
    expect(agencys.agencyId).toBe(agencyId);
    expect(agencys.items.some((i) => i.paymentId === upfront!.id)).toBe(true);
    const usd = agencys.totals.find((t) => t.currency === 'USD')!;
    expect(usd.creatorNet + usd.agencyCommission).toBe(usd.gross);
    expect((await failure(w.call(n.statement, { creatorId: creator.userId, month }, brand.principal))).code).toBe('not_found');

    // The balance is not due until the work is approved; nothing else is past due now.
    const s = await sweeper();
    const later = new Date(Date.now() + 30 * 86_400_000);
    const other = await acceptedOffer(); // a due payment of another offer, so the sweep has work
    await w.call(n.contractSign, { offerId: other.offerId }, creator.principal);
    await w.call(n.contractSign, { offerId: other.offerId }, brand.principal);
    const marked = await s.sweep(later);
    expect(marked).toBeGreaterThanOrEqual(1);
    expect(await s.sweep(later)).toBe(0);
    const overdue = (await w.call(n.paymentsList, { offerId: other.offerId }, creator.principal)).items[0]!;
    expect(overdue.status).toBe('overdue');
    const disputed = await w.call(n.paymentDispute, { paymentId: overdue.id, reason: 'Invoice never received' }, brand.principal);
    expect(disputed).toMatchObject({ status: 'disputed', dispute: { side: 'brand', reason: 'Invoice never received' } });
    const audit = await withPgClient(stack().db.url, async (c) => (await c.query(`select action, actor_user_id from negotiation.audit_log where offer_id = $1 and action like 'payment.%' order by at, action`, [other.offerId])).rows);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['payment.scheduled', 'payment.due', 'payment.overdue', 'payment.disputed']));
    expect(audit.find((a) => a.action === 'payment.overdue')!.actor_user_id).toBeNull();
  });

  it('cancellation: requested by the brand after a submission, accepted by the other side → cancelled, unpaid voided, 10 % owed', async () => {
    const { offerId } = await acceptedOffer();
    await w.call(n.submit, { offerId, deliverable: 'video', url: 'https://cdn.example.com/v.mp4', caption: 'Draft' }, manager.principal);
    const asked = await w.call(n.cancellationRequest, { offerId, reason: 'Launch moved' }, brand.principal);
    expect(asked).toMatchObject({ status: 'requested', requestedBy: { side: 'brand' } });
    expect((await w.call(n.offersGet, { offerId }, creator.principal)).status).toBe('cancellation_requested');
    // The side that asked does not answer; a second request waits for the first.
    expect((await failure(w.call(n.cancellationAccept, { offerId }, brand.principal))).code).toBe('unprocessable');
    expect((await failure(w.call(n.cancellationRequest, { offerId, reason: 'Again' }, manager.principal))).detail).toBe('The offer is cancellation_requested; request-cancellation is not possible');
    const done = await w.call(n.cancellationAccept, { offerId }, manager.principal);
    expect(done.settlement).toMatchObject({ stage: 'after_submission', initiator: 'brand', percentOwed: 10, owed: { amount: 10_000 }, paid: { amount: 0 } });
    expect((await w.call(n.offersGet, { offerId }, brand.principal)).status).toBe('cancelled');
    const { items } = await w.call(n.paymentsList, { offerId }, brand.principal);
    expect(items.map((p) => [p.kind, p.status, p.amount.amount])).toEqual([
      ['upfront', 'void', 30_000],
      ['milestone', 'void', 20_000],
      ['balance', 'void', 50_001],
      ['settlement', 'due', 10_000],
    ]);
    const events = await eventually(async () => {
      const all = (await w.negotiationEvents(offerId)).map((e) => e.subject.split('.')[3]);
      return all.includes('cancelled') ? all : null;
    }, 10_000);
    expect(events.slice(-2)).toEqual(['cancellation-requested', 'cancelled']);
  });

  it('a declined cancellation returns the offer to where it was; creator-side cancellation before approval owes nothing', async () => {
    const { offerId } = await acceptedOffer();
    await w.call(n.cancellationRequest, { offerId, reason: 'Not a fit' }, manager.principal);
    await w.call(n.cancellationDecline, { offerId, reason: 'We want the video' }, brand.principal);
    expect((await w.call(n.offersGet, { offerId }, creator.principal))).toMatchObject({ status: 'accepted', workStatus: 'active' });
    await w.call(n.cancellationRequest, { offerId, reason: 'Still not a fit' }, creator.principal);
    const done = await w.call(n.cancellationAccept, { offerId }, brand.principal);
    expect(done.settlement).toMatchObject({ stage: 'before_submission', initiator: 'creator', owed: { amount: 0 }, settlementPaymentId: null });
    expect((await w.call(n.paymentsList, { offerId }, brand.principal)).items.every((p) => p.status === 'void')).toBe(true);
  });

  it('a third party gets 404 on payments, contract and cancellation', async () => {
    const { offerId } = await acceptedOffer();
    const stranger = await w.signup('brand', 'Other brand');
    const [p] = (await w.call(n.paymentsList, { offerId }, brand.principal)).items;
    expect((await failure(w.call(n.paymentsList, { offerId }, stranger.principal))).code).toBe('not_found');
    expect((await failure(w.call(n.contractGet, { offerId }, stranger.principal))).code).toBe('not_found');
    expect((await failure(w.call(n.paymentPaid, { paymentId: p!.id, reference: 'x' }, stranger.principal))).code).toBe('not_found');
    expect((await failure(w.call(n.cancellationRequest, { offerId, reason: 'x' }, stranger.principal))).code).toBe('not_found');
  });
});
