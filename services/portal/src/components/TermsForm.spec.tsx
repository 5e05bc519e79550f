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
    expect(formFromTerms(base)).toEqual({
      price: '800.00',
      upfrontPercent: '50',
      netDays: '30',
      clockStart: 'contract_signed',
      usageRightsDays: '30',
      exclusivityDays: '0',
      exclusivityCategory: '',
      revisionRounds: '2',
      deliverables: [{ type: 'video', quantity: '1', dueOn: '2026-12-20' }],
      milestones: [],
      comment: '',
    });
  });

  it('builds the proposal on the base version, changing only what the form edits', () => {
    const result = termsFromForm({ ...formFromTerms(base), price: '1,200', revisionRounds: '3' }, base);
    expect(result.terms).toEqual({ ...base, price: { amount: 120000, currency: 'USD' }, revisionRounds: 3 });
  });

  it('changes any term: when net days start, milestones, the exclusivity category and each deliverable\'s due date', () => {
    const form = formFromTerms(base);
    const result = termsFromForm(
      {
        ...form,
        clockStart: 'content_published',
        exclusivityDays: '30',
        exclusivityCategory: ' soft drinks ',
        deliverables: [{ ...form.deliverables[0]!, dueOn: '2026-12-27' }],
        milestones: [{ name: 'Video approved', amount: '200', trigger: 'deliverable_approved', deliverable: 'video', dueOn: '' }],
      },
      base,
    );
    expect(result.terms).toEqual({
      ...base,
      paymentTerms: { upfrontPercent: 50, netDays: 30, clockStart: 'content_published', milestones: [{ name: 'Video approved', amount: { amount: 20000, currency: 'USD' }, trigger: 'deliverable_approved', deliverable: 'video' }] },
      exclusivityDays: 30,
      exclusivityCategory: 'soft drinks',
      deliverables: [{ type: 'video', quantity: 1, dueAt: '2026-12-27T23:59:59.000Z' }],
    });
    // An unchanged day keeps the base's exact time.
    expect(termsFromForm(form, base).terms!.deliverables).toEqual(base.deliverables);
  });

  it('refuses milestones that add up to more than the price, or lack what their trigger needs', () => {
    const form = formFromTerms(base);
    const milestone = { name: 'Half', amount: '500', trigger: 'deliverable_approved' as const, deliverable: 'video' as const, dueOn: '' };
    expect(termsFromForm({ ...form, milestones: [milestone, { ...milestone, name: 'Rest' }] }, base).errors).toEqual({ milestones: 'The milestones add up to more than the price' });
    expect(termsFromForm({ ...form, milestones: [{ ...milestone, amount: '300', deliverable: '' }, { ...milestone, amount: '300', trigger: 'date' }] }, base).errors).toEqual({
      'milestones.0.deliverable': 'Choose the deliverable',
      'milestones.1.dueOn': 'Enter a date',
    });
    expect(termsFromForm({ ...form, deliverables: [{ type: 'video', quantity: '0', dueOn: 'soon' }] }, base).errors).toEqual({ 'deliverables.0.quantity': 'Between 1 and 100', 'deliverables.0.dueOn': 'Enter a date' });
  });

  it('names every field a person must fix before anything is sent', () => {
    const result = termsFromForm({ ...formFromTerms(base), price: '12.345', upfrontPercent: '150', netDays: 'soon', revisionRounds: '' }, base);
    expect(result.terms).toBeUndefined();
    expect(result.errors).toEqual({ price: 'Enter an amount such as 1250.00', upfrontPercent: 'Between 0 and 100', netDays: 'Enter a whole number', revisionRounds: 'Enter a whole number' });
    expect(termsFromForm({ ...formFromTerms(base), price: '0' }, base).errors).toEqual({ price: 'The price must be more than zero' });
  });

  it("maps the gateway's field errors onto the form's fields", () => {
    expect(termsErrorsFromServer({ 'terms.price.amount': 'Too low', 'terms.paymentTerms.netDays': 'Too long', 'terms.deliverables.0.dueAt': 'After the campaign', baseVersion: 'Stale' })).toEqual({
      fields: { price: 'Too low', netDays: 'Too long', 'deliverables.0.dueOn': 'After the campaign' },
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
