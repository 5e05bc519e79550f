import { AppError, type ProfileFields } from '#libs/contracts';

/** A profile nobody has edited yet: hidden from brands until the creator opts in. */
export function defaultProfileFields(): ProfileFields {
  return { bio: '', categories: [], regions: [], languages: [], marketplaceVisible: false, onVacationUntil: null };
}

/** Available unless on vacation until a time still to come. */
export function isAvailable(onVacationUntil: string | Date | null, now: Date): boolean {
  if (onVacationUntil === null) return true;
  return new Date(onVacationUntil).getTime() <= now.getTime();
}

export interface ProfilePatchOutcome {
  fields: ProfileFields;
  /** Names of the fields whose value changed (empty: nothing to write). */
  changed: (keyof ProfileFields)[];
}

/**
 * Applies a partial edit (already shape-checked against the contract): a vacation must end
 * in the future — a past date is a mistake, not a way to say "available" (send null).
 */
export function applyProfilePatch(current: ProfileFields, patch: Partial<ProfileFields>, now: Date): ProfilePatchOutcome {
  if (patch.onVacationUntil && new Date(patch.onVacationUntil).getTime() <= now.getTime()) {
    throw new AppError('unprocessable', 'Vacation in the past', 'onVacationUntil must be in the future (null when available)', [
      { path: 'onVacationUntil', message: 'Must be in the future' },
    ]);
  }
  const fields: ProfileFields = { ...current };
  const changed: (keyof ProfileFields)[] = [];
  for (const key of Object.keys(patch) as (keyof ProfileFields)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    const next = key === 'onVacationUntil' && value !== null ? new Date(value as string).toISOString() : value;
    if (JSON.stringify(next) === JSON.stringify(current[key])) continue;
    (fields as Record<string, unknown>)[key] = next;
    changed.push(key);
  }
  return { fields, changed };
}
