import { useState } from 'react';
import { api, ok } from '../api/client';
import type { Member, RosterItem } from '../api/types';
import { pickerRows } from '../assignees';
import { fieldErrorsOf, useAction } from '../hooks';
import { UserText } from '../ui';
import { ConfirmDialog } from './ConfirmDialog';

/** For owners and admins: choose, by name, the members who manage one creator (PUT /v1/roster/{creatorId}/assignees). */
export function AssigneePicker({ item, members, meId }: { item: RosterItem; members: readonly Member[]; meId: string }) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>(item.assigneeIds);
  const save = useAction(
    (managerIds: string[]) => ok(api.PUT('/v1/roster/{creatorId}/assignees', { params: { path: { creatorId: item.creator.id } }, body: { managerIds } })),
    () => setOpen(false),
  );
  const rows = pickerRows(members, item.assigneeIds);
  const errors = fieldErrorsOf(save.error);
  // The API names a refused assignee by its place in the list sent.
  const errorOf = (userId: string) => (save.variables ? errors[`managerIds.${save.variables.indexOf(userId)}`] : undefined);
  return (
    <>
      <button
        type="button"
        className="link small"
        aria-label={`Change who manages ${item.creator.name}`}
        onClick={() => {
          setChosen(item.assigneeIds);
          save.reset();
          setOpen(true);
        }}
      >
        change
      </button>
      <ConfirmDialog
        open={open}
        title={`Who manages ${item.creator.name}?`}
        confirm="Save assignees"
        cancel="Cancel"
        tone="primary"
        pending={save.isPending}
        error={Object.keys(errors).length ? null : save.error}
        onConfirm={() => save.mutate(chosen)}
        onClose={() => setOpen(false)}
      >
        <fieldset className="assignees">
          <legend className="sr-only">Members of your agency</legend>
          {rows.map((r) => {
            const checked = chosen.includes(r.userId);
            const error = errorOf(r.userId);
            return (
              <div key={r.userId} className="assignee">
                <label className="inline">
                  <input
                    type="checkbox"
                    checked={checked}
                    // A viewer or a former member can be taken off, never put on.
                    disabled={!r.assignable && !checked}
                    onChange={(e) => setChosen(e.target.checked ? [...chosen, r.userId] : chosen.filter((id) => id !== r.userId))}
                  />{' '}
                  <UserText>{r.name}</UserText>
                  {r.userId === meId ? ' (you)' : ''} <span className="muted small">{r.role ?? 'no longer a member'}{r.role === 'viewer' ? ': viewers cannot manage creators' : ''}</span>
                </label>
                {error && <span className="field-error">{error}</span>}
              </div>
            );
          })}
        </fieldset>
      </ConfirmDialog>
    </>
  );
}
