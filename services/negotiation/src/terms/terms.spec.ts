import { createHash } from 'node:crypto';
import { termsSchema, type Terms } from '#libs/contracts';
import { canonicalJson, termsHash } from './terms.canonical.js';
import { diffTerms, parseCompare } from './terms.diff.js';

const base: Terms = termsSchema.parse({
  price: { amount: 250000, currency: 'USD' },
  paymentTerms: { upfrontPercent: 30, netDays: 30 },
  deliverables: [{ type: 'video', quantity: 1, dueAt: '2026-12-20T00:00:00.000Z' }],
  usageRightsDays: 90,
  exclusivityDays: 30,
  revisionRounds: 2,
});

describe('canonical JSON and the terms hash', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe('{"a":{"d":[2,{"y":null,"z":1}]},"b":1}');
  });

  it('gives the same hash whatever order the fields arrived in', () => {
    const reverse = (v: unknown): unknown =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    const reordered = reverse(base) as Terms;
    expect(Object.keys(reordered)).not.toEqual(Object.keys(base));
    expect(termsHash(reordered)).toBe(termsHash(base));
  });

  it('is the SHA-256 of the canonical bytes, and changes with any term', () => {
    expect(termsHash(base)).toBe(createHash('sha256').update(canonicalJson(base)).digest('hex'));
    expect(termsHash({ ...base, exclusivityDays: 31 })).not.toBe(termsHash(base));
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
  });
});

describe('version diff', () => {
  it('names nothing for equal terms', () => {
    expect(diffTerms(base, structuredClone(base))).toEqual([]);
  });

  it('names each changed leaf with its old and new value', () => {
    const next = { ...base, price: { amount: 300000, currency: 'USD' }, paymentTerms: { ...base.paymentTerms, netDays: 15 }, revisionRounds: 3 };
    expect(diffTerms(base, next)).toEqual([
      { field: 'price.amount', from: 250000, to: 300000 },
      { field: 'paymentTerms.netDays', from: 30, to: 15 },
      { field: 'revisionRounds', from: 2, to: 3 },
    ]);
  });

  it('compares lists item by item, names an added item whole, and reports fields that appear or disappear', () => {
    const next: Terms = {
      ...base,
      deliverables: [...base.deliverables, { type: 'story', quantity: 2, dueAt: '2026-12-21T00:00:00.000Z' }],
      exclusivityCategory: 'beverages',
    };
    expect(diffTerms(base, next)).toEqual([
      { field: 'deliverables[1]', from: null, to: next.deliverables[1] },
      { field: 'exclusivityCategory', from: null, to: 'beverages' },
    ]);
  });

  it("names a counter's changed due date, milestone and clock start by their paths", () => {
    const from: Terms = { ...base, deliverables: [...base.deliverables, { type: 'story', quantity: 2, dueAt: '2026-12-21T00:00:00.000Z' }] };
    const to: Terms = {
      ...from,
      paymentTerms: { ...from.paymentTerms, clockStart: 'invoice_received', milestones: [{ name: 'Signing', amount: { amount: 1000, currency: 'USD' }, trigger: 'contract_signed' }] },
      deliverables: [from.deliverables[0]!, { ...from.deliverables[1]!, dueAt: '2026-12-28T00:00:00.000Z' }],
    };
    expect(diffTerms(from, to).map((c) => c.field)).toEqual(['paymentTerms.clockStart', 'paymentTerms.milestones', 'deliverables[1].dueAt']);
    expect(diffTerms(from, to)[2]).toEqual({ field: 'deliverables[1].dueAt', from: '2026-12-21T00:00:00.000Z', to: '2026-12-28T00:00:00.000Z' });
  });
});

describe('compare parameter', () => {
  it('reads both ends of a..b', () => {
    expect(parseCompare('2..10')).toEqual({ from: 2, to: 10 });
  });
});
