import type { Member } from './api/types';

/**
 * Who manages a creator, as the roster says it. Owners and admins read the member list, so they
 * see names; everyone else sees themselves and a count (the list is not theirs to read).
 */

/** Viewers only read; the API refuses them as assignees (422), so the picker offers them disabled. */
export const canBeAssigned = (m: Pick<Member, 'role'>) => m.role !== 'viewer';

export function assigneeText(ids: readonly string[], meId: string, members: readonly Pick<Member, 'userId' | 'name'>[] | null): string {
  if (ids.length === 0) return 'nobody';
  if (members) {
    const names = new Map(members.map((m) => [m.userId, m.name]));
    return ids.map((id) => (id === meId ? 'you' : (names.get(id) ?? 'a former member'))).join(', ');
  }
  const others = ids.filter((id) => id !== meId).length;
  if (others === ids.length) return others === 1 ? '1 member' : `${others} members`;
  return others === 0 ? 'you' : `you and ${others} other${others === 1 ? '' : 's'}`;
}

/** Rows for the picker: every member, then assignees who are no longer members (so they can be taken off). */
export function pickerRows(members: readonly Member[], assigned: readonly string[]): { userId: string; name: string; role: Member['role'] | null; assignable: boolean }[] {
  const known = new Set(members.map((m) => m.userId));
  return [
    ...members.map((m) => ({ userId: m.userId, name: m.name, role: m.role, assignable: canBeAssigned(m) })),
    ...assigned.filter((id) => !known.has(id)).map((id) => ({ userId: id, name: 'A former member', role: null, assignable: false })),
  ];
}
