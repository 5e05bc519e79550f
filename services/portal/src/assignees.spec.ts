import { describe, expect, it } from '@jest/globals';
import type { Member } from './api/types';
import { assigneeText, pickerRows } from './assignees';

const member = (userId: string, name: string, role: Member['role']): Member => ({ userId, name, role, email: `${userId}@example.com`, joinedAt: '2026-11-01T00:00:00.000Z' });
const members = [member('me', 'Olga Owner', 'owner'), member('m1', 'Max Manager', 'manager'), member('v1', 'Vic Viewer', 'viewer')];

describe('assignees', () => {
  const a = (userId: string, name: string | null = null) => ({ userId, name });

  it('names them for every reader, and marks one who left for those who read the member list', () => {
    expect(assigneeText([a('m1', 'Max Manager'), a('me', 'Olga Owner')], 'me', null)).toBe('Max Manager, you');
    expect(assigneeText([a('m1', 'Max Manager'), a('gone', 'Gus Gone')], 'me', members)).toBe('Max Manager, Gus Gone (former member)');
    expect(assigneeText([], 'me', members)).toBe('nobody');
  });

  it('counts them when their names could not be read', () => {
    expect(assigneeText([a('me'), a('m1'), a('m2')], 'me', null)).toBe('you and 2 others');
    expect(assigneeText([a('m1')], 'me', null)).toBe('1 member');
    expect(assigneeText([a('me')], 'me', null)).toBe('you');
  });

  it('offers managers and up, shows viewers disabled, and keeps a former member so they can be taken off', () => {
    expect(pickerRows(members, ['m1', 'gone']).map((r) => [r.userId, r.assignable])).toEqual([
      ['me', true],
      ['m1', true],
      ['v1', false],
      ['gone', false],
    ]);
  });
});
