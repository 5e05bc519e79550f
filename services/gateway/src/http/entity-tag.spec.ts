import { entityTag, matchesIfNoneMatch } from './entity-tag.js';

describe('entity tags of composed answers', () => {
  const alice = JSON.stringify({ userId: 'a', kind: 'creator' });
  const bob = JSON.stringify({ userId: 'b', kind: 'creator' });

  it('is the same for the same bytes and principal, whether given as text or bytes', () => {
    expect(entityTag(alice, '{"x":1}')).toBe(entityTag(alice, Buffer.from('{"x":1}')));
    expect(entityTag(alice, '{"x":1}')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });

  it('changes with one byte of the body', () => {
    expect(entityTag(alice, '{"x":1}')).not.toBe(entityTag(alice, '{"x":2}'));
  });

  it('differs between principals for the same body, so one never validates the other\'s copy', () => {
    expect(entityTag(alice, '{"x":1}')).not.toBe(entityTag(bob, '{"x":1}'));
  });

  it('cannot be forged by moving bytes between the principal and the body', () => {
    expect(entityTag('ab', 'c')).not.toBe(entityTag('a', 'bc'));
  });

  describe('If-None-Match', () => {
    const tag = '"abc"';
    it.each([
      ['"abc"', true],
      ['W/"abc"', true],
      ['"x", "abc"', true],
      ['*', true],
      ['"abd"', false],
      ['abc', false],
      ['', false],
    ])('%j matches: %s', (header, expected) => {
      expect(matchesIfNoneMatch(header, tag)).toBe(expected);
    });

    it('does not match when absent, and reads repeated headers', () => {
      expect(matchesIfNoneMatch(undefined, tag)).toBe(false);
      expect(matchesIfNoneMatch(['"x"', '"abc"'], tag)).toBe(true);
    });
  });
});
