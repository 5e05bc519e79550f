import { AppError } from '#libs/contracts';
import { normalizeEmail, normalizeHandle } from './normalize.js';

describe('account normalization', () => {
  it('makes one account of differently written emails', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });

  it('refuses what is not an email address, naming the field', () => {
    for (const bad of ['', 'no-at-sign', "' OR 1=1 --@x", 'a@b', `${'x'.repeat(250)}@example.com`]) {
      expect(() => normalizeEmail(bad)).toThrow(AppError);
    }
    try {
      normalizeEmail('nope');
    } catch (err) {
      expect((err as AppError).errors).toEqual([{ path: 'email', message: expect.any(String) }]);
    }
  });

  it('normalizes handles and refuses the rest', () => {
    expect(normalizeHandle('@Ada.Creates')).toBe('ada.creates');
    expect(normalizeHandle('a')).toBe('a');
    for (const bad of ['', '.ada', 'ada.', '@@ada', 'ada creates', 'ada;drop', '{"$gt":""}', 'x'.repeat(31)]) {
      expect(() => normalizeHandle(bad)).toThrow(AppError);
    }
  });
});
