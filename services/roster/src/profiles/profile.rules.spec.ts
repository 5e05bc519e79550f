import { AppError } from '#libs/contracts';
import { applyProfilePatch, defaultProfileFields, isAvailable } from './profile.rules.js';

const now = new Date('2026-11-30T10:00:00.000Z');

describe('profile rules', () => {
  it('a new profile is hidden from brands and available', () => {
    const fields = defaultProfileFields();
    expect(fields.marketplaceVisible).toBe(false);
    expect(isAvailable(fields.onVacationUntil, now)).toBe(true);
  });

  it('is unavailable until the vacation ends, then available again', () => {
    expect(isAvailable('2026-12-05T00:00:00.000Z', now)).toBe(false);
    expect(isAvailable('2026-12-05T00:00:00.000Z', new Date('2026-12-05T00:00:00.000Z'))).toBe(true);
  });

  it('applies only the fields sent and names those that changed', () => {
    const current = { ...defaultProfileFields(), bio: 'old' };
    const { fields, changed } = applyProfilePatch(current, { bio: 'new', marketplaceVisible: false, regions: ['US'] }, now);
    expect(fields).toEqual({ ...current, bio: 'new', regions: ['US'] });
    expect(changed.sort()).toEqual(['bio', 'regions']);
  });

  it('stores a vacation end in UTC and treats the same instant as unchanged', () => {
    const first = applyProfilePatch(defaultProfileFields(), { onVacationUntil: '2026-12-05T02:00:00+02:00' }, now);
    expect(first.fields.onVacationUntil).toBe('2026-12-05T00:00:00.000Z');
    expect(applyProfilePatch(first.fields, { onVacationUntil: '2026-12-05T00:00:00Z' }, now).changed).toEqual([]);
  });

  it('refuses a vacation that already ended (422 on the field), and accepts null to clear it', () => {
    const attempt = () => applyProfilePatch(defaultProfileFields(), { onVacationUntil: '2026-11-01T00:00:00.000Z' }, now);
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (err) {
      expect(err).toMatchObject({ status: 422, errors: [{ path: 'onVacationUntil' }] });
    }
    const onVacation = { ...defaultProfileFields(), onVacationUntil: '2026-12-05T00:00:00.000Z' };
    expect(applyProfilePatch(onVacation, { onVacationUntil: null }, now).fields.onVacationUntil).toBeNull();
  });
});
