import { AppError } from '#libs/contracts';
import { checkSignup, type SignupRequest } from './account.rules.js';

const base: SignupRequest = { email: ' Ada@Example.com ', password: 'long-enough-pw', kind: 'manager' };
const refusal = (req: SignupRequest) => {
  try {
    checkSignup(req);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return { code: (err as AppError).code, path: (err as AppError).errors?.[0]?.path };
  }
  throw new Error('expected a refusal');
};

describe('sign-up rules', () => {
  it('normalizes the email and the creator handle', () => {
    expect(checkSignup(base)).toEqual({ email: 'ada@example.com', handle: null });
    expect(checkSignup({ ...base, kind: 'creator', handle: '@Ada.Creates' })).toEqual({ email: 'ada@example.com', handle: 'ada.creates' });
  });

  it('counts password length as a person does, within 10 to 256', () => {
    expect(refusal({ ...base, password: 'short' })).toEqual({ code: 'validation', path: 'password' });
    expect(refusal({ ...base, password: 'x'.repeat(257) })).toEqual({ code: 'validation', path: 'password' });
    // Nine emoji are 18 UTF-16 units but nine characters: too short.
    expect(refusal({ ...base, password: '😀'.repeat(9) })).toEqual({ code: 'validation', path: 'password' });
    expect(checkSignup({ ...base, password: '😀'.repeat(10) }).email).toBe('ada@example.com');
  });

  it('gives handles to creators only, and organizations to everyone else', () => {
    expect(refusal({ ...base, kind: 'creator' })).toEqual({ code: 'validation', path: 'handle' });
    expect(refusal({ ...base, kind: 'creator', handle: 'ada', organization: { name: 'x' } })).toEqual({ code: 'validation', path: 'organization' });
    expect(refusal({ ...base, kind: 'brand', handle: 'ada' })).toEqual({ code: 'validation', path: 'handle' });
    expect(refusal({ ...base, kind: 'creator', handle: '.ada' })).toEqual({ code: 'validation', path: 'handle' });
    expect(refusal({ ...base, email: 'nope' })).toEqual({ code: 'validation', path: 'email' });
  });
});
