import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Terms } from '../api/types';
import { formFromTerms, termsErrorsFromServer, termsFromForm } from '../terms';
import { TermsForm } from './TermsForm';

const base: Terms = {
  price: { amount: 80000, currency: 'USD' },
  paymentTerms: { upfrontPercent: 50, netDays: 30 },
  deliverables: [{ type: 'video', quantity: 1, dueAt: '2026-12-20T00:00:00.000Z' }],
  usageRightsDays: 30,
  exclusivityDays: 0,
  revisionRounds: 2,
  reviewWindowDays: 14,
};

describe('terms form', () => {
  it('starts from the version being answered', () => {
    expect(formFromTerms(base)).toEqual({ price: '800.00', upfrontPercent: '50', netDays: '30', usageRightsDays: '30', exclusivityDays: '0', revisionRounds: '2', comment: '' });
  });

  it('builds the proposal on the base version, changing only what the form edits', () => {
    const result = termsFromForm({ ...formFromTerms(base), price: '1,200', revisionRounds: '3' }, base);
    expect(result.terms).toEqual({ ...base, price: { amount: 120000, currency: 'USD' }, revisionRounds: 3 });
  });

  it('names every field a person must fix before anything is sent', () => {
    const result = termsFromForm({ ...formFromTerms(base), price: '12.345', upfrontPercent: '150', netDays: 'soon', revisionRounds: '' }, base);
    expect(result.terms).toBeUndefined();
    expect(result.errors).toEqual({ price: 'Enter an amount such as 1250.00', upfrontPercent: 'Between 0 and 100', netDays: 'Enter a whole number', revisionRounds: 'Enter a whole number' });
    expect(termsFromForm({ ...formFromTerms(base), price: '0' }, base).errors).toEqual({ price: 'The price must be more than zero' });
  });

  it("maps the gateway's field errors onto the form's fields", () => {
    expect(termsErrorsFromServer({ 'terms.price.amount': 'Too low', 'terms.paymentTerms.netDays': 'Too long', baseVersion: 'Stale' })).toEqual({
      fields: { price: 'Too low', netDays: 'Too long' },
      other: ['baseVersion: Stale'],
    });
  });

  it('shows server field errors next to their inputs, tied by aria-describedby', () => {
    const html = renderToStaticMarkup(<TermsForm base={base} onSubmit={() => undefined} serverErrors={{ price: 'Below the creator minimum' }} />);
    const input = /<input[^>]*name="price"[^>]*>/.exec(html)![0];
    expect(input).toContain('aria-invalid="true"');
    const describedBy = /aria-describedby="([^"]+)"/.exec(input)![1];
    expect(html).toContain(`id="${describedBy}">Below the creator minimum</span>`);
    expect(html).toContain('value="800.00"');
  });
});
