import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import { CREATOR_CATEGORIES, type ProfilePatch } from '../api/types';
import { formatDate } from '../format';
import { fieldErrorsOf, useAction } from '../hooks';
import { draftOf, fieldErrorsFor, languageOf, namesOf, PROFILE_LIMITS, profilePatch, regionOf, type ProfileDraft } from '../profile-form';
import { ConflictNotice, ErrorNotice, Field, Loading, UserText } from '../ui';

/** The creator's profile: bio, categories, regions, languages, visibility and vacation, each with its error beside it. */
export function ProfileForm({ creatorId }: { creatorId: string }) {
  const profile = useQuery({ queryKey: ['profile', creatorId], queryFn: () => ok(api.GET('/v1/creators/{creatorId}/profile', { params: { path: { creatorId } } })) });
  const [draft, setDraft] = useState<ProfileDraft | null>(null);
  const [tried, setTried] = useState(false);
  const [saved, setSaved] = useState(false);
  const categoriesId = useId();
  const save = useAction(
    (patch: ProfilePatch) => ok(api.PATCH('/v1/creators/{creatorId}/profile', { params: { path: { creatorId } }, body: patch })),
    () => {
      setDraft(null);
      setTried(false);
      setSaved(true);
    },
  );
  if (profile.isPending) return <Loading what="Loading your profile" />;
  if (!profile.data) return <ErrorNotice error={profile.error} onRetry={() => profile.refetch()} />;
  const p = profile.data;
  const current = draft ?? draftOf(p);
  const edit = (change: Partial<ProfileDraft>) => {
    setDraft({ ...current, ...change });
    setSaved(false);
  };
  const { patch, errors: local } = profilePatch(current, p, new Date());
  const remote = save.variables ? fieldErrorsFor(fieldErrorsOf(save.error), save.variables) : {};
  // Local checks speak once the person tries to save; until then the gateway's answer stands.
  const errors = { ...remote, ...(tried ? local : {}) };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(local).length || !Object.keys(patch).length) return;
    save.mutate({ ...patch, version: p.version });
  };
  const regionNames = namesOf(current.regions, regionOf);
  const languageNames = namesOf(current.languages, languageOf);
  return (
    <form aria-label="Profile" onSubmit={submit} noValidate>
      <p>
        <strong><UserText>{p.name}</UserText></strong> <UserText prefix="@">{p.handle}</UserText>{' '}
        <span className="muted small">· {p.available ? 'available' : `on vacation until ${formatDate(p.onVacationUntil)}`}</span>
      </p>
      <Field label="Bio" error={errors.bio}>
        {(a) => <textarea {...a} rows={3} value={current.bio} onChange={(e) => edit({ bio: e.target.value })} />}
      </Field>
      <fieldset className={`categories${errors.categories ? ' invalid' : ''}`} aria-describedby={errors.categories ? `${categoriesId}-error` : `${categoriesId}-hint`}>
        <legend>Categories</legend>
        {CREATOR_CATEGORIES.map((c) => (
          <label key={c} className="inline">
            <input type="checkbox" checked={current.categories.includes(c)} onChange={(e) => edit({ categories: e.target.checked ? [...current.categories, c] : current.categories.filter((x) => x !== c) })} /> {c[0]!.toUpperCase() + c.slice(1)}
          </label>
        ))}
        {errors.categories ? (
          <span className="field-error" id={`${categoriesId}-error`}>{errors.categories}</span>
        ) : (
          <span className="hint" id={`${categoriesId}-hint`}>Up to {PROFILE_LIMITS.categories}; brands filter discovery by these.</span>
        )}
      </fieldset>
      <div className="grid-form">
        <Field label="Regions" error={errors.regions} hint={regionNames || 'Two-letter country codes, separated by commas, e.g. US, GB, BR'}>
          {(a) => <input {...a} name="regions" value={current.regions} onChange={(e) => edit({ regions: e.target.value })} />}
        </Field>
        <Field label="Languages" error={errors.languages} hint={languageNames || 'Language codes, separated by commas, e.g. en, pt-BR'}>
          {(a) => <input {...a} name="languages" value={current.languages} onChange={(e) => edit({ languages: e.target.value })} />}
        </Field>
        <Field label="On vacation until" error={errors.vacationUntil} hint="The last day you are away (UTC); empty when you are available">
          {(a) => <input {...a} type="date" name="vacationUntil" value={current.vacationUntil} onChange={(e) => edit({ vacationUntil: e.target.value })} />}
        </Field>
      </div>
      <label className="inline">
        <input type="checkbox" checked={current.marketplaceVisible} onChange={(e) => edit({ marketplaceVisible: e.target.checked })} /> Visible to brands in discovery
      </label>
      {save.error && !Object.keys(remote).length ? (
        <ConflictNotice
          error={save.error}
          onReload={() => {
            save.reset();
            setDraft(null);
            void profile.refetch();
          }}
        />
      ) : null}
      {saved && <p className="notice" role="status">Profile saved.</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending || draft === null}>
          Save profile
        </button>
      </div>
    </form>
  );
}
