import { dealDeadline, turnNeeded, turnOf, workStatusOf } from './deals.js';

describe('whose move it is', () => {
  it('answers the side that did not write the open terms; the creator confirms; work waits on delivery, then review', () => {
    expect(turnOf('awaiting_response', 'brand')).toBe('creator_side');
    expect(turnOf('changes_proposed', 'creator')).toBe('brand');
    expect(turnOf('changes_proposed', 'brand')).toBe('creator_side');
    expect(turnOf('awaiting_creator_confirmation', 'brand')).toBe('creator');
    expect(turnOf('accepted', 'creator')).toBe('creator_side');
    expect(turnOf('revisions_requested', 'brand')).toBe('creator_side');
    expect(turnOf('content_submitted', 'brand')).toBe('brand');
    expect(turnOf('approved', 'brand')).toBe('brand');
    for (const settled of ['completed', 'declined', 'withdrawn', 'expired'] as const) expect(turnOf(settled, 'brand')).toBeNull();
  });

  it('reads needs=me|counterparty|creator from the caller’s side', () => {
    expect(turnNeeded('me', 'brand')).toBe('brand');
    expect(turnNeeded('me', 'creator_side')).toBe('creator_side');
    expect(turnNeeded('counterparty', 'brand')).toBe('creator_side');
    expect(turnNeeded('counterparty', 'creator_side')).toBe('brand');
    expect(turnNeeded('creator', 'brand')).toBe('creator');
  });

  it('names the work status behind a lifecycle status', () => {
    expect(workStatusOf('awaiting_response')).toBeNull();
    expect(workStatusOf('accepted')).toBe('active');
    expect(workStatusOf('content_submitted')).toBe('content_submitted');
    expect(workStatusOf('withdrawn')).toBeNull();
  });
});

describe('the next deadline and overdue', () => {
  const now = new Date('2027-01-10T00:00:00Z');
  it('is respond-by while pending, overdue once it passed', () => {
    expect(dealDeadline('awaiting_response', new Date('2027-01-12T00:00:00Z'), [], now)).toEqual({ next: { kind: 'respond_by', at: '2027-01-12T00:00:00.000Z' }, overdue: false });
    expect(dealDeadline('changes_proposed', new Date('2027-01-09T00:00:00Z'), [], now).overdue).toBe(true);
  });
  it('is the next due date while work runs, overdue when the first due date passed undelivered', () => {
    const due = ['2027-01-05T00:00:00Z', '2027-01-20T00:00:00Z'];
    expect(dealDeadline('accepted', now, due, now)).toEqual({ next: { kind: 'deliverable_due', at: '2027-01-20T00:00:00.000Z' }, overdue: true });
    expect(dealDeadline('content_submitted', now, due, now).overdue).toBe(false);
    expect(dealDeadline('completed', now, due, now)).toEqual({ next: null, overdue: false });
  });
});
