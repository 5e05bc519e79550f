import { randomUUID } from 'node:crypto';
import { offerNotices, paymentNotices } from './notice.rules.js';

const names = { campaignName: 'Spring Glow', brandName: 'Acme' };
const offer = { offerId: randomUUID(), creatorId: randomUUID(), brandId: randomUUID(), occurredAt: '2026-05-01T10:00:00.000Z' };

function payment(extra: Partial<Parameters<typeof paymentNotices.due>[0]> = {}) {
  return { ...offer, paymentId: randomUUID(), name: 'Upfront', amount: { amount: 150_000, currency: 'USD' }, dueAt: '2026-05-31T10:00:00.000Z', actor: { userId: null }, ...extra };
}

describe('cancellation and payment notices', () => {
  it('tells only the side that did not ask about a cancellation request, once per request', () => {
    const cancellationId = randomUUID();
    const byBrand = offerNotices.cancellationRequested({ ...offer, cancellationId, actor: { side: 'brand', userId: randomUUID() } }, names);
    expect(byBrand).toMatchObject({ kind: 'offer.cancellation_requested', key: `offer.cancellation_requested:${cancellationId}`, to: ['creator', 'creator-agency'], link: `/offers/${offer.offerId}` });
    expect(byBrand.title).toBe('Cancellation requested: Spring Glow');
    expect(byBrand.body).toContain('The brand asks to cancel');
    const byCreator = offerNotices.cancellationRequested({ ...offer, cancellationId, actor: { side: 'creator', userId: offer.creatorId } }, names);
    expect(byCreator.to).toEqual(['brand']);
    expect(byCreator.actorUserId).toBe(offer.creatorId);
  });

  it('tells both sides a payment is due, with its amount and date', () => {
    const p = payment();
    const n = paymentNotices.due(p, names);
    expect(n).toMatchObject({ kind: 'payment.due', key: `payment.due:${p.paymentId}`, to: ['creator', 'creator-agency', 'brand'], creatorId: offer.creatorId, brandId: offer.brandId, actorUserId: null });
    expect(n.title).toBe('Payment due: Upfront, Spring Glow');
    expect(n.body).toBe('$1,500.00 is due by 31 May 2026.');
  });

  it('tells both sides a payment is overdue, keyed apart from its due notice', () => {
    const p = payment();
    const n = paymentNotices.overdue(p, null);
    expect(n).toMatchObject({ kind: 'payment.overdue', key: `payment.overdue:${p.paymentId}`, to: ['creator', 'creator-agency', 'brand'] });
    expect(n.key).not.toBe(paymentNotices.due(p, null).key);
    expect(n.title).toBe('Payment overdue: Upfront, an offer');
    expect(n.body).toBe('$1,500.00 was due on 31 May 2026 and is not paid yet.');
    expect(paymentNotices.overdue(payment({ dueAt: null }), null).body).toBe('$1,500.00 was due and is not paid yet.');
  });
});
