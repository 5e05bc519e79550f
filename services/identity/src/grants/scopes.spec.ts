import { AppError } from '#libs/contracts';
import { canonicalScopes, narrowScopes, sameScopes } from './scopes.js';

describe('scope narrowing', () => {
  const asked = ['metrics:read', 'campaigns:read', 'rates:write'] as const;

  it('keeps what was asked when the creator does not narrow', () => {
    expect(narrowScopes(asked)).toEqual(['campaigns:read', 'rates:write', 'metrics:read']);
  });

  it('accepts any non-empty subset, in canonical order', () => {
    expect(narrowScopes(asked, ['metrics:read', 'campaigns:read'])).toEqual(['campaigns:read', 'metrics:read']);
    expect(narrowScopes(asked, ['rates:write'])).toEqual(['rates:write']);
  });

  it('never widens: a scope that was not asked for is refused with 422 naming it', () => {
    try {
      narrowScopes(asked, ['metrics:read', 'offers:negotiate']);
      throw new Error('did not throw');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(422);
      expect((err as AppError).detail).toContain('offers:negotiate');
    }
  });

  it('refuses an empty set (that is a decline or a revoke, not a narrowing)', () => {
    expect(() => narrowScopes(asked, [])).toThrow(AppError);
  });

  it('compares sets regardless of order and repeats', () => {
    expect(sameScopes(['metrics:read', 'campaigns:read'], ['campaigns:read', 'metrics:read'])).toBe(true);
    expect(sameScopes(['metrics:read'], ['campaigns:read'])).toBe(false);
    expect(canonicalScopes(['metrics:read', 'metrics:read'])).toEqual(['metrics:read']);
  });
});
