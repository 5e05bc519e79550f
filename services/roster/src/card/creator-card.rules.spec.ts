import type { CreatorAction, Decision } from '#libs/authz';
import { cardReads } from './creator-card.rules.js';

const allowed: Decision = { allowed: true };
const forbidden: Decision = { allowed: false, status: 403, reason: 'no scope' };
const stranger: Decision = { allowed: false, status: 404, reason: 'not yours' };
const decider = (table: Partial<Record<CreatorAction, Decision>>) => (action: CreatorAction) => table[action] ?? stranger;

describe('the roster parts of the creator card', () => {
  it('reads every asked part the caller may read, once each, in the order asked', () => {
    expect(cardReads(['rates', 'profile', 'rates'], decider({ 'profile:read': allowed, 'rates:read': allowed }))).toEqual({ parts: ['rates', 'profile'], refusal: null });
  });

  it('leaves out a part the caller may not read, without refusing the others', () => {
    expect(cardReads(['profile', 'rates'], decider({ 'profile:read': allowed, 'rates:read': forbidden }))).toEqual({ parts: ['profile'], refusal: null });
    expect(cardReads(['profile', 'rates'], decider({ 'profile:read': forbidden, 'rates:read': allowed }))).toEqual({ parts: ['rates'], refusal: null });
  });

  it("refuses with the first asked part's decision when none may be read", () => {
    expect(cardReads(['profile', 'rates'], decider({}))).toEqual({ parts: [], refusal: stranger });
    expect(cardReads(['rates', 'profile'], decider({ 'rates:read': forbidden }))).toEqual({ parts: [], refusal: forbidden });
  });

  it('decides only the parts asked for', () => {
    const asked: CreatorAction[] = [];
    cardReads(['profile'], (action) => {
      asked.push(action);
      return allowed;
    });
    expect(asked).toEqual(['profile:read']);
  });
});
