import { describe, expect, it } from '@jest/globals';
import { consequenceOf, liveDealsSummary } from './revocation';

describe('what revoking does to live deals', () => {
  it('tells the creator they take over each deal, by stage', () => {
    expect(consequenceOf('awaiting_response', 'creator', 'Northstar')).toBe('Stays open: you answer the brand yourself; Northstar can no longer negotiate it.');
    expect(consequenceOf('awaiting_creator_confirmation', 'creator', 'Northstar')).toBe("Northstar's acceptance still waits for your confirmation; you decide it yourself.");
    expect(consequenceOf('content_submitted', 'creator', 'Northstar')).toMatch(/^The agreement stands: you deliver/);
    expect(consequenceOf('cancellation_requested', 'creator', 'Northstar')).toMatch(/cancellation request stays open/);
  });

  it("tells the agency the deal goes on without it", () => {
    expect(consequenceOf('changes_proposed', 'agency', 'Northstar')).toBe('Stays open with the creator; your agency can no longer negotiate it.');
    expect(consequenceOf('approved', 'agency', 'Northstar')).toBe('The agreement stands; the creator delivers without your agency.');
  });

  it('counts the deals, says none is cancelled, and says so when there are none', () => {
    expect(liveDealsSummary(2, 'creator', 'Northstar')).toBe(
      '2 live deals continue: nothing is cancelled, withdrawn or declined, and each brand keeps its offer. Northstar can no longer see or act on them.',
    );
    expect(liveDealsSummary(1, 'agency', 'Northstar')).toMatch(/^1 live deal continues: .* Your agency can no longer see or act on it\.$/);
    expect(liveDealsSummary(0, 'creator', 'Northstar')).toBe('You have no live deals Northstar could act on.');
  });
});
