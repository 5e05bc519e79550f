import { describe, expect, it } from '@jest/globals';
import type { Profile } from './api/types';
import { draftOf, fieldErrorsFor, languageOf, namesOf, profilePatch, regionOf } from './profile-form';

const profile: Profile = {
  creatorId: '6f1c2b0e-3d4a-4b5c-8d9e-0a1b2c3d4e5f',
  handle: 'mia.moves',
  name: 'Mia',
  bio: 'Dance',
  categories: ['dance'],
  regions: ['US'],
  languages: ['en'],
  marketplaceVisible: true,
  onVacationUntil: null,
  available: true,
  version: 3,
  updatedAt: '2026-11-01T00:00:00.000Z',
};
const now = new Date('2026-12-04T12:00:00.000Z');

describe('profile form', () => {
  it('sends only what changed, with codes in their canonical form', () => {
    const draft = { ...draftOf(profile), categories: ['dance', 'fitness'] as const, regions: 'us, br', languages: 'en, pt-br' };
    expect(profilePatch({ ...draft, categories: [...draft.categories] }, profile, now)).toEqual({
      patch: { categories: ['dance', 'fitness'], regions: ['US', 'BR'], languages: ['en', 'pt-BR'] },
      errors: {},
    });
    expect(profilePatch(draftOf(profile), profile, now).patch).toEqual({});
  });

  it('names the field and the value that is wrong', () => {
    const { errors } = profilePatch({ ...draftOf(profile), regions: 'US, XX', languages: 'english', categories: ['art', 'beauty', 'comedy', 'dance', 'food', 'music'] }, profile, now);
    expect(errors).toEqual({
      regions: 'XX is not a two-letter country code (e.g. US)',
      languages: 'english is not a language code (e.g. en or pt-BR)',
      categories: 'Choose at most 5',
    });
    expect(profilePatch({ ...draftOf(profile), regions: 'US us' }, profile, now).errors.regions).toBe('US is listed twice');
    // Groupings CLDR knows by name are not countries.
    expect(regionOf('EU')).toBeNull();
    expect(languageOf('zz-top')).toBeNull();
  });

  it('takes a vacation to the end of the chosen day, refuses a day gone by, and clears it', () => {
    expect(profilePatch({ ...draftOf(profile), vacationUntil: '2026-12-24' }, profile, now).patch).toEqual({ onVacationUntil: '2026-12-24T23:59:59.000Z' });
    expect(profilePatch({ ...draftOf(profile), vacationUntil: '2026-12-04' }, profile, now).patch).toEqual({ onVacationUntil: '2026-12-04T23:59:59.000Z' });
    expect(profilePatch({ ...draftOf(profile), vacationUntil: '2026-12-03' }, profile, now).errors.vacationUntil).toMatch(/^Choose today or a later date/);
    const away = { ...profile, onVacationUntil: '2026-12-24T23:59:59.000Z' };
    expect(draftOf(away).vacationUntil).toBe('2026-12-24');
    expect(profilePatch({ ...draftOf(away), vacationUntil: '' }, away, now).patch).toEqual({ onVacationUntil: null });
  });

  it("puts the gateway's indexed field errors on their field, naming the value", () => {
    expect(fieldErrorsFor({ 'regions.1': 'not an ISO 3166-1 country code', onVacationUntil: 'Must be in the future' }, { regions: ['US', 'QQ'] })).toEqual({
      regions: 'QQ: not an ISO 3166-1 country code',
      vacationUntil: 'Must be in the future',
    });
  });

  it('spells out the codes typed so far', () => {
    expect(namesOf('us, xx, br', regionOf)).toBe('US (United States), BR (Brazil)');
    expect(namesOf('pt-br', languageOf)).toBe('pt-BR (Brazilian Portuguese)');
  });
});
