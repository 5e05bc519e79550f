import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { DiffView, describeChange, fieldLabel } from './DiffView';

const terms = { price: { amount: 120000, currency: 'USD' }, paymentTerms: { upfrontPercent: 50, netDays: 30 } };

describe('DiffView', () => {
  it('shows changed amounts as money in the currency of the compared terms', () => {
    expect(describeChange({ field: 'price.amount', from: 80000, to: 120000 }, terms)).toEqual({ label: 'Price', from: '$800.00', to: '$1,200.00' });
  });

  it('labels nested fields and itemises deliverables', () => {
    expect(fieldLabel('paymentTerms.upfrontPercent')).toBe('Payment terms · upfront percent');
    expect(describeChange({ field: 'deliverables', from: [{ type: 'video', quantity: 1 }], to: [{ type: 'video', quantity: 2 }, { type: 'story', quantity: 1 }] }).to).toBe('2× Video, 1× Story');
    expect(describeChange({ field: 'exclusivityCategory', from: null, to: 'drinks' })).toEqual({ label: 'Exclusivity category', from: '—', to: 'drinks' });
  });

  it('renders one row per changed field with the old value struck and the new one inserted', () => {
    const html = renderToStaticMarkup(
      <DiffView terms={terms} changes={{ from: 1, to: 2, fields: [{ field: 'price.amount', from: 80000, to: 120000 }, { field: 'paymentTerms.netDays', from: 60, to: 30 }] }} />,
    );
    expect(html).toContain('<caption>Changes from version 1 to version 2</caption>');
    expect(html).toContain('<th scope="row">Price</th><td><del><bdi>$800.00</bdi></del></td><td><ins><bdi>$1,200.00</bdi></ins></td>');
    expect(html).toContain('<th scope="row">Payment terms · net days</th><td><del><bdi>60</bdi></del></td><td><ins><bdi>30</bdi></ins></td>');
  });

  it('says when two versions have the same terms, and renders nothing without a comparison', () => {
    expect(renderToStaticMarkup(<DiffView changes={{ from: 2, to: 3, fields: [] }} />)).toContain('Versions 2 and 3 have the same terms.');
    expect(renderToStaticMarkup(<DiffView changes={null} />)).toBe('');
  });
});
