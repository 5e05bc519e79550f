import { jest } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { eventually, pdfPageTexts, withPgClient } from '#libs/testing';
import { gatewayClient, type GatewayClient, type GatewayResponse } from './support/http.js';
import { useStack } from './support/stack.js';
import { approveGrant, bearer, expectStatus, join, problemOf, requestGrant, ROOMY_LIMITS, signup, type Actor } from './security/support.js';
import { campaignBody, offerBody } from './security/route-matrix.js';

interface SplitLine {
  party: 'creator' | 'agency' | 'manager';
  userId: string | null;
  amount: number;
}
interface Payment {
  id: string;
  kind: string;
  name: string;
  amount: { amount: number; currency: string };
  trigger: string;
  status: string;
  dueAt: string | null;
  paidAt: string | null;
  split: SplitLine[];
}
interface Contract {
  termsHash: string;
  signatures: { party: string; userId: string }[];
  signedAt: string | null;
  schedule: Payment[];
}

/**
 * Money after the handshake through the gateway with every service running: the agency sets
 * its commission in roster, the brand's offer is accepted and its schedule split by it; both
 * parties sign; invoice → paid → a statement line (JSON and CSV); a dispute; cancellation by
 * agreement and its settlement; answers racing each other; strangers, viewers and the PDF.
 * (Overdue by an injected clock is driven over NATS in negotiation/money-service.spec.ts.)
 */
describe('money after the handshake, through the gateway', () => {
  jest.setTimeout(60_000);
  const stack = useStack({ env: { ...ROOMY_LIMITS, PAYMENT_OVERDUE_SWEEP_MS: '3600000' } });
  let api: GatewayClient;
  let owner: Actor;
  let manager: Actor;
  let viewer: Actor;
  let creator: Actor;
  let brand: Actor;
  let stranger: Actor;

  const as = (who: Actor, extra: Record<string, string> = {}) => ({ headers: { ...bearer(who), ...extra } });
  const get = <T>(who: Actor, path: string, extra: Record<string, string> = {}) => api.get<T>(path, as(who, extra));
  const post = <T>(who: Actor, path: string, json: unknown = {}) => api.post<T>(path, { ...as(who), json });
  const ok = <T>(res: GatewayResponse<T>, status = 200, what = '') => expectStatus(res, status, what).body;

  const terms = {
    paymentTerms: { upfrontPercent: 30, netDays: 10, milestones: [{ name: 'Video approved', amount: { amount: 20_000, currency: 'USD' }, trigger: 'deliverable_approved', deliverable: 'video' }] },
    exclusivityDays: 30,
    exclusivityCategory: 'soft drinks',
  };

  /** A new campaign of the brand and an offer in it (one open offer per campaign and creator), accepted by the agency's manager. */
  async function acceptedOffer(): Promise<string> {
    const campaign = ok(await post<{ id: string }>(brand, '/v1/campaigns', campaignBody()), 201, 'campaign');
    const offer = ok(await post<{ id: string }>(brand, `/v1/campaigns/${campaign.id}/offers`, { ...offerBody(creator.user.id), price: { amount: 100_001, currency: 'USD' }, terms }), 201, 'offer');
    // Negotiation opens the offer as campaigns sends it; the accept follows once it has.
    await eventually(async () => (await post(manager, `/v1/offers/${offer.id}/accept`, { version: 1 })).status === 200, 10_000);
    return offer.id;
  }
  const payments = async (who: Actor, offerId: string) => ok(await get<{ items: Payment[] }>(who, `/v1/offers/${offerId}/payments`), 200, 'payments').items;

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    owner = await signup(api, 'manager', { org: 'Ledger Talent' });
    manager = await join(api, owner, await signup(api, 'manager'), 'manager');
    viewer = await join(api, owner, await signup(api, 'manager'), 'viewer');
    creator = await signup(api, 'creator');
    brand = await signup(api, 'brand', { org: 'Fizz Co' });
    stranger = await signup(api, 'brand', { org: 'Elsewhere Co' });
    const grant = await requestGrant(api, owner, creator, ['campaigns:read', 'offers:negotiate', 'feedback:write']);
    await approveGrant(api, creator, grant.id);
    // Roster and the gateway follow the grant from identity's events.
    await eventually(async () => (await get(owner, `/v1/roster/${creator.user.id}/commission`)).status === 200, 15_000);
  }, 120_000);

  it('the owner sets the commission (shares to members only, stale version 409); members and the creator read it; others may not set it', async () => {
    const path = `/v1/roster/${creator.user.id}/commission`;
    const notMember = problemOf(await api.request('PUT', path, { ...as(owner), json: { percent: 20, splits: [{ userId: brand.user.id, percent: 25 }], version: 0 } }), 422);
    expect(notMember.errors).toEqual([expect.objectContaining({ path: 'splits.0.userId' })]);
    problemOf(await api.request('PUT', path, { ...as(manager), json: { percent: 20, splits: [], version: 0 } }), 403);
    problemOf(await api.request('PUT', path, { ...as(creator), json: { percent: 1, splits: [], version: 0 } }), 403);
    const set = ok(await api.request<{ version: number; percent: number }>('PUT', path, { ...as(owner), json: { percent: 20, splits: [{ userId: manager.user.id, percent: 25 }], version: 0 } }), 200, 'commission');
    expect(set).toMatchObject({ version: 1, percent: 20 });
    problemOf(await api.request('PUT', path, { ...as(owner), json: { percent: 21, splits: [], version: 0 } }), 409);
    expect(ok(await get(creator, path))).toMatchObject({ agencyId: owner.organization!.id, percent: 20, splits: [{ userId: manager.user.id, percent: 25 }], version: 1 });
    expect(ok(await get(viewer, path))).toMatchObject({ version: 1 });
    expect(ok(await get<{ items: unknown[] }>(creator, `${path}/history`)).items).toHaveLength(1);
    problemOf(await get(stranger, path), 404);
    // Negotiation splits payments by the version in force at acceptance: wait for its copy.
    await eventually(() => withPgClient(stack().db.url, async (c) => (await c.query(`select 1 from negotiation.commission_versions where creator_id = $1 and version = 1`, [creator.user.id])).rowCount === 1), 15_000);
  });

  it('accept → schedule with the split; both sign once (a second → 409); the PDF names the hash; strangers 404, a viewer 403', async () => {
    const offerId = await acceptedOffer();
    const schedule = await payments(brand, offerId);
    expect(schedule.map((p) => [p.kind, p.amount.amount, p.status])).toEqual([
      ['upfront', 30_000, 'scheduled'],
      ['milestone', 20_000, 'scheduled'],
      ['balance', 50_001, 'scheduled'],
    ]);
    // 20 % commission, a quarter of it the manager's; the lines add up to the payment.
    expect(schedule[0]!.split).toEqual([
      { party: 'creator', userId: creator.user.id, amount: 24_000 },
      { party: 'agency', userId: null, amount: 4_500 },
      { party: 'manager', userId: manager.user.id, amount: 1_500 },
    ]);

    problemOf(await post(manager, `/v1/offers/${offerId}/contract/sign`), 403);
    ok(await post(creator, `/v1/offers/${offerId}/contract/sign`), 200, 'creator signs');
    const twice = problemOf(await post(creator, `/v1/offers/${offerId}/contract/sign`), 409);
    expect(twice.detail).toMatch(/signed this contract already/);
    const signed = ok(await post<Contract>(brand, `/v1/offers/${offerId}/contract/sign`), 200, 'brand signs');
    expect(signed.signatures.map((s) => s.party).sort()).toEqual(['brand', 'creator']);
    expect(signed.signedAt).not.toBeNull();
    expect(ok(await get<Contract>(viewer, `/v1/offers/${offerId}/contract`)).termsHash).toBe(signed.termsHash);
    expect((await payments(creator, offerId))[0]).toMatchObject({ status: 'due', dueAt: new Date(Date.parse(signed.signedAt!) + 10 * 86_400_000).toISOString() });

    // The client reads text; the PDF's bytes need the raw body.
    const res = await fetch(`${api.baseUrl}/v1/offers/${offerId}/contract`, { headers: { ...bearer(creator), accept: 'application/pdf' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    const pages = pdfPageTexts(pdf);
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(page).toContain(signed.termsHash);

    const paymentId = schedule[0]!.id;
    for (const [method, path, body] of [
      ['GET', `/v1/offers/${offerId}/payments`, undefined],
      ['GET', `/v1/offers/${offerId}/contract`, undefined],
      ['POST', `/v1/payments/${paymentId}/paid`, { reference: 'W-0' }],
      ['POST', `/v1/offers/${offerId}/cancellation`, { reason: 'Mine now' }],
    ] as const) {
      problemOf(await api.request(method, path, { ...as(stranger), ...(body ? { json: body } : {}) }), 404);
    }
    problemOf(await post(viewer, `/v1/payments/${paymentId}/invoice`, { reference: 'INV-0' }), 403);
    problemOf(await post(manager, `/v1/payments/${paymentId}/paid`, { reference: 'W-0' }), 403);
  });

  it('invoice → paid → a statement line with the split, as JSON and CSV; a dispute', async () => {
    const offerId = await acceptedOffer();
    ok(await post(creator, `/v1/offers/${offerId}/contract/sign`), 200, 'creator signs');
    ok(await post(brand, `/v1/offers/${offerId}/contract/sign`), 200, 'brand signs');
    const [upfront, , balance] = await payments(brand, offerId);
    expect(ok(await post<Payment>(manager, `/v1/payments/${upfront!.id}/invoice`, { reference: 'INV-7' }))).toMatchObject({ status: 'invoiced' });
    const paid = ok(await post<Payment>(brand, `/v1/payments/${upfront!.id}/paid`, { reference: 'WIRE-7' }));
    expect(paid.status).toBe('paid');
    problemOf(await post(brand, `/v1/payments/${upfront!.id}/paid`, { reference: 'WIRE-8' }), 409);

    const month = paid.paidAt!.slice(0, 7);
    const statementPath = `/v1/statements?creatorId=${creator.user.id}&month=${month}`;
    interface Statement {
      agencyId: string | null;
      items: { paymentId: string; amount: { amount: number }; split: SplitLine[] }[];
      totals: { currency: string; gross: number; creatorNet: number; agencyCommission: number; managerShares: number }[];
    }
    const mine = ok(await get<Statement>(creator, statementPath));
    expect(mine.agencyId).toBeNull();
    expect(mine.items.find((i) => i.paymentId === upfront!.id)).toMatchObject({ amount: { amount: 30_000 }, split: paid.split });
    const agencys = ok(await get<Statement>(viewer, statementPath));
    expect(agencys.agencyId).toBe(owner.organization!.id);
    const usd = agencys.totals.find((t) => t.currency === 'USD')!;
    expect(usd.creatorNet + usd.agencyCommission).toBe(usd.gross);
    expect(usd.managerShares).toBeGreaterThanOrEqual(1_500);

    const csv = await get<string>(manager, statementPath, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.contentType).toBe('text/csv');
    const [header, ...rows] = parse(csv.text) as string[][];
    expect(header).toEqual(['Paid at', 'Campaign', 'Brand', 'Payment', 'Currency', 'Gross', 'Creator net', 'Agency commission', 'Manager shares', 'Managers']);
    // The file's rows are the statement's lines in order; the manager share names its manager, even for a reader who may not list the agency's members.
    const line = ok(await get<Statement>(manager, statementPath)).items.findIndex((i) => i.paymentId === upfront!.id);
    expect(rows[line]!.slice(4)).toEqual(['USD', '300.00', '240.00', '60.00', '15.00', `${manager.user.name}: 15.00`]);
    problemOf(await get(stranger, statementPath), 404);
    problemOf(await get(creator, `/v1/statements?creatorId=${creator.user.id}&month=2026-13`), 400);

    const disputed = ok(await post<Payment & { dispute: { side: string; reason: string } }>(brand, `/v1/payments/${balance!.id}/dispute`, { reason: 'Work not delivered yet' }));
    expect(disputed).toMatchObject({ status: 'disputed', dispute: { side: 'brand', reason: 'Work not delivered yet' } });
  });

  it('cancellation asked by the brand after a submission, accepted by the agency → cancelled; unpaid payments void, 10 % owed', async () => {
    const offerId = await acceptedOffer();
    ok(await post(manager, `/v1/offers/${offerId}/submissions`, { deliverable: 'video', url: 'https://cdn.example.com/v.mp4', caption: 'Draft' }), 201, 'draft');
    expect(ok(await post(brand, `/v1/offers/${offerId}/cancellation`, { reason: 'Launch moved' }), 201)).toMatchObject({ status: 'requested', requestedBy: { side: 'brand' } });
    expect(ok(await get<{ status: string }>(creator, `/v1/offers/${offerId}`)).status).toBe('cancellation_requested');
    // The side that asked does not answer itself.
    problemOf(await post(brand, `/v1/offers/${offerId}/cancellation/accept`), 422);
    const done = ok(await post<{ settlement: { stage: string; percentOwed: number; owed: { amount: number } } }>(manager, `/v1/offers/${offerId}/cancellation/accept`));
    expect(done.settlement).toMatchObject({ stage: 'after_submission', percentOwed: 10, owed: { amount: 10_000 } });
    expect(ok(await get<{ status: string }>(brand, `/v1/offers/${offerId}`)).status).toBe('cancelled');
    // The campaign still commits what is owed (not the price, not nothing), as its results count it.
    const { campaignId } = ok(await get<{ campaignId: string }>(brand, `/v1/offers/${offerId}`));
    const campaign = await eventually(async () => {
      const c = ok(await get<{ committed: { amount: number } }>(brand, `/v1/campaigns/${campaignId}`));
      return c.committed.amount === 10_000 ? c : undefined;
    }, 10_000);
    const results = ok(await get<{ committed: { amount: number } | null }>(brand, `/v1/campaigns/${campaignId}/performance`));
    expect(results.committed).toEqual(campaign.committed);
    expect((await payments(creator, offerId)).map((p) => [p.kind, p.status, p.amount.amount])).toEqual([
      ['upfront', 'void', 30_000],
      ['milestone', 'void', 20_000],
      ['balance', 'void', 50_001],
      ['settlement', 'due', 10_000],
    ]);
  });

  it('a declined cancellation returns the offer to its status; of two answers at once exactly one succeeds', async () => {
    const declined = await acceptedOffer();
    ok(await post(manager, `/v1/offers/${declined}/cancellation`, { reason: 'Not a fit' }), 201);
    ok(await post(brand, `/v1/offers/${declined}/cancellation/decline`, { reason: 'We want the video' }));
    expect(ok(await get<{ status: string }>(creator, `/v1/offers/${declined}`)).status).toBe('accepted');

    const twoAccepts = await acceptedOffer();
    ok(await post(brand, `/v1/offers/${twoAccepts}/cancellation`, { reason: 'Budget cut' }), 201);
    const accepts = await Promise.all([post(manager, `/v1/offers/${twoAccepts}/cancellation/accept`), post(creator, `/v1/offers/${twoAccepts}/cancellation/accept`)]);
    expect(accepts.map((r) => r.status).sort()).toEqual([200, 409]);

    const acceptVsDecline = await acceptedOffer();
    ok(await post(brand, `/v1/offers/${acceptVsDecline}/cancellation`, { reason: 'Budget cut' }), 201);
    const answers = await Promise.all([post(manager, `/v1/offers/${acceptVsDecline}/cancellation/accept`), post(creator, `/v1/offers/${acceptVsDecline}/cancellation/decline`, { reason: 'No' })]);
    expect(answers.filter((r) => r.status < 300)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(1);
    const won = answers[0]!.status === 200 ? 'cancelled' : 'accepted';
    expect(ok(await get<{ status: string }>(brand, `/v1/offers/${acceptVsDecline}`)).status).toBe(won);
  });
});
