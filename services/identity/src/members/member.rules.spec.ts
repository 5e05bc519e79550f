import { AppError } from '#libs/contracts';
import { checkMemberChange, orgKindFor, type MemberChange } from './member.rules.js';

const code = (fn: () => void) => {
  try {
    fn();
    return 'allowed';
  } catch (err) {
    return (err as AppError).code;
  }
};

describe('organization role rules', () => {
  it('lets owners and admins manage ordinary members; nobody else', () => {
    const add: MemberChange = { type: 'add', role: 'manager' };
    expect(code(() => checkMemberChange('owner', add, 1))).toBe('allowed');
    expect(code(() => checkMemberChange('admin', add, 1))).toBe('allowed');
    expect(code(() => checkMemberChange('manager', add, 1))).toBe('forbidden');
    expect(code(() => checkMemberChange('viewer', add, 1))).toBe('forbidden');
    expect(code(() => checkMemberChange(null, add, 1))).toBe('forbidden');
  });

  it('reserves the owner role to owners', () => {
    expect(code(() => checkMemberChange('admin', { type: 'add', role: 'owner' }, 1))).toBe('forbidden');
    expect(code(() => checkMemberChange('admin', { type: 'set-role', from: 'manager', to: 'owner' }, 1))).toBe('forbidden');
    expect(code(() => checkMemberChange('admin', { type: 'set-role', from: 'owner', to: 'viewer' }, 2))).toBe('forbidden');
    expect(code(() => checkMemberChange('admin', { type: 'remove', role: 'owner' }, 2))).toBe('forbidden');
    expect(code(() => checkMemberChange('owner', { type: 'set-role', from: 'manager', to: 'owner' }, 1))).toBe('allowed');
    expect(code(() => checkMemberChange('admin', { type: 'set-role', from: 'viewer', to: 'admin' }, 1))).toBe('allowed');
  });

  it('always keeps one owner', () => {
    expect(code(() => checkMemberChange('owner', { type: 'remove', role: 'owner' }, 1))).toBe('conflict');
    expect(code(() => checkMemberChange('owner', { type: 'set-role', from: 'owner', to: 'admin' }, 1))).toBe('conflict');
    expect(code(() => checkMemberChange('owner', { type: 'remove', role: 'owner' }, 2))).toBe('allowed');
    expect(code(() => checkMemberChange('owner', { type: 'set-role', from: 'owner', to: 'owner' }, 1))).toBe('allowed');
  });

  it('puts managers in agencies and brand users in brands; creators in none', () => {
    expect(orgKindFor('manager')).toBe('agency');
    expect(orgKindFor('brand')).toBe('brand');
    expect(orgKindFor('creator')).toBeNull();
  });
});
