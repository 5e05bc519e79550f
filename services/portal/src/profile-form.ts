import { CREATOR_CATEGORIES, type Category, type Profile, type ProfilePatch } from './api/types';

/**
 * The creator's profile form: what a person types (codes separated by commas, a date) and its
 * translation into the PATCH the API takes, checked here first so each message shows at once
 * next to its field. The gateway checks again (ISO 3166-1, BCP 47) and its field errors are
 * shown at the same places (`fieldErrorsFor`).
 */

export interface ProfileDraft {
  bio: string;
  categories: Category[];
  /** "US, GB, BR". */
  regions: string;
  /** "en, pt-BR". */
  languages: string;
  marketplaceVisible: boolean;
  /** `YYYY-MM-DD` (a date input's value); empty when available. */
  vacationUntil: string;
}

export type ProfileField = keyof ProfileDraft;

/** The API's limits on each list (the contract's `max`). */
export const PROFILE_LIMITS = { categories: 5, regions: 20, languages: 10 } as const;

export function draftOf(p: Profile): ProfileDraft {
  return {
    bio: p.bio,
    categories: [...p.categories],
    regions: p.regions.join(', '),
    languages: (p.languages as string[]).join(', '),
    marketplaceVisible: p.marketplaceVisible,
    vacationUntil: p.onVacationUntil ? p.onVacationUntil.slice(0, 10) : '',
  };
}

const codes = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
/** Groupings and placeholders CLDR names that are not ISO 3166-1 countries (the API refuses them too). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB']);

/** "us" → "US" with its English name, or null when it is no country code. */
export function regionOf(code: string): { code: string; name: string } | null {
  const upper = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper) || NOT_COUNTRIES.has(upper)) return null;
  const name = regionNames.of(upper);
  return name ? { code: upper, name } : null;
}

/** "pt-br" → "pt-BR" with its English name, or null when it names no language. */
export function languageOf(tag: string): { code: string; name: string } | null {
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(tag.replace(/_/g, '-'));
  } catch {
    return null;
  }
  if (!canonical || !languageNames.of(new Intl.Locale(canonical).language)) return null;
  return { code: canonical, name: languageNames.of(canonical) ?? canonical };
}

function parseList(text: string, parse: (c: string) => { code: string } | null, max: number, what: string): { values: string[]; error?: string } {
  const values: string[] = [];
  for (const raw of codes(text)) {
    const known = parse(raw);
    if (!known) return { values, error: `${raw} is not ${what}` };
    if (values.includes(known.code)) return { values, error: `${known.code} is listed twice` };
    values.push(known.code);
  }
  return values.length > max ? { values, error: `At most ${max}` } : { values };
}

/** The vacation's end: the last moment of the chosen day in UTC, so the whole day counts as away. */
export const vacationEnd = (day: string) => `${day}T23:59:59.000Z`;

/**
 * The PATCH for what changed in the draft, or the errors that stop it (keyed by draft field).
 * Unchanged fields are left out, so a save never rewrites what the person did not touch.
 */
export function profilePatch(draft: ProfileDraft, current: Profile, now: Date): { patch: ProfilePatch; errors: Partial<Record<ProfileField, string>> } {
  const errors: Partial<Record<ProfileField, string>> = {};
  const patch: ProfilePatch = {};
  const before = draftOf(current);
  if (draft.bio !== before.bio) patch.bio = draft.bio;
  if (draft.marketplaceVisible !== before.marketplaceVisible) patch.marketplaceVisible = draft.marketplaceVisible;

  const unknownCategory = draft.categories.find((c) => !CREATOR_CATEGORIES.includes(c));
  if (unknownCategory) errors.categories = `${unknownCategory} is not a category`;
  else if (draft.categories.length > PROFILE_LIMITS.categories) errors.categories = `Choose at most ${PROFILE_LIMITS.categories}`;
  else if (draft.categories.join() !== current.categories.join()) patch.categories = draft.categories;

  const regions = parseList(draft.regions, regionOf, PROFILE_LIMITS.regions, 'a two-letter country code (e.g. US)');
  if (regions.error) errors.regions = regions.error;
  else if (regions.values.join() !== current.regions.join()) patch.regions = regions.values;

  const languages = parseList(draft.languages, languageOf, PROFILE_LIMITS.languages, 'a language code (e.g. en or pt-BR)');
  if (languages.error) errors.languages = languages.error;
  else if (languages.values.join() !== (current.languages as string[]).join()) patch.languages = languages.values;

  if (draft.vacationUntil !== before.vacationUntil) {
    if (!draft.vacationUntil) patch.onVacationUntil = null;
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.vacationUntil) || Number.isNaN(Date.parse(vacationEnd(draft.vacationUntil)))) errors.vacationUntil = 'Choose a date';
    else if (Date.parse(vacationEnd(draft.vacationUntil)) <= now.getTime()) errors.vacationUntil = 'Choose today or a later date; clear it when you are available';
    else patch.onVacationUntil = vacationEnd(draft.vacationUntil);
  }
  return { patch, errors };
}

const API_FIELD: Record<string, ProfileField> = { bio: 'bio', categories: 'categories', regions: 'regions', languages: 'languages', marketplaceVisible: 'marketplaceVisible', onVacationUntil: 'vacationUntil' };

/**
 * The gateway's field errors (`regions.1`: "not an ISO 3166-1 country code") on the draft's
 * fields, naming the value an indexed error is about.
 */
export function fieldErrorsFor(apiErrors: Record<string, string>, patch: ProfilePatch): Partial<Record<ProfileField, string>> {
  const out: Partial<Record<ProfileField, string>> = {};
  for (const [path, message] of Object.entries(apiErrors)) {
    const [head, index] = path.split('.');
    const field = API_FIELD[head];
    if (!field || out[field]) continue;
    const list = (patch as Record<string, unknown>)[head];
    const value = index !== undefined && Array.isArray(list) ? list[Number(index)] : undefined;
    out[field] = value !== undefined ? `${String(value)}: ${message}` : message;
  }
  return out;
}

/** "US (United States), BR (Brazil)": what the codes typed so far mean, as a hint under the field. */
export function namesOf(text: string, parse: (c: string) => { code: string; name: string } | null): string {
  return codes(text)
    .map((c) => parse(c))
    .filter((x): x is { code: string; name: string } => x !== null)
    .map((x) => `${x.code} (${x.name})`)
    .join(', ');
}
