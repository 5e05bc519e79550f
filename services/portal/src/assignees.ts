import type { Member } from './api/types';

/**
 * Who manages a creator, as the roster says it: by the names the roster carries for every reader.
 * Owners and admins also read the member list, so an assignee who has left is marked as such.
 */

/** Viewers only read; the API refuses them as assignees (422), so the picker offers them disabled. */
export const canBeAssigned = (m: Pick<Member, 'role'>) => m.role !== 'viewer';

export function assigneeText(assignees: readonly { userId: string; name: string | null }[], meId: string, members: readonly Pick<Member, 'userId' | 'name'>[] | null): string {
  if (assignees.length === 0) return 'nobody';
  const current = members ? new Set(members.map((m) => m.userId)) : null;
  if (assignees.every((a) => a.userId === meId || a.name !== null)) {
    return assignees.map((a) => (a.userId === meId ? 'you' : current && !current.has(a.userId) ? `${a.name} (former member)` : a.name)).join(', ');
  }
  // Names unavailable (identity did not answer): who, by count.
  const ids = assignees.map((a) => a.userId);
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
