import { describe, expect, it } from '@jest/globals';
import { screenTextFindings } from './support/screen-text.js';

// The rules every captured page's text is held to (support/browser.ts `capture`): they must catch what they name, and only that.
describe('screen text rules', () => {
  it.each([
    ['Creator 0b9c4c3e-0d6c-4d8e-9a5e-1d2f3a4b5c6d', 'an id'],
    ['Scopes: campaigns:read, offers:negotiate', 'a scope or action code'],
    ['grant.revoked by your agency', 'a scope or action code'],
    ["the creator's minimum is 800000 USD", 'money in minor units'],
    ['the minimum is 800000 (minor units)', 'money in minor units'],
  ])('finds what a person should not read in %j', (text, what) => {
    expect(screenTextFindings(text).join('\n')).toContain(what);
  });

  it.each([
    'Mia Moreno revoked access',
    'See campaigns and offers; negotiate offers',
    "the creator's minimum is $8,000.00, or 8,000.00 USD",
    'Nov 23, 2026, 10:00 AM UTC · 1,250 views · trace 4bf92f3577b34da6a3ce929d0e0e4736',
    'manager-1a2b3c4d@example.test · https://videos.example.test/draft-1 · @creator_1a2b3c4d',
  ])('lets %j through', (text) => {
    expect(screenTextFindings(text)).toEqual([]);
  });
});
