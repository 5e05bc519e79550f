import { countryFilter, primaryCategory, sortValue, topCountries } from './discovery.rules.js';

describe('discovery rules', () => {
  it('takes the first listed category as the primary one, none without categories', () => {
    expect(primaryCategory(['food', 'travel'])).toBe('food');
    expect(primaryCategory([])).toBeNull();
  });

  it('shows the three largest audience countries, largest first, ties by code', () => {
    expect(topCountries({ CA: 0.1, US: 0.5, BR: 0.1, MX: 0.3 })).toEqual([
      { country: 'US', share: 0.5 },
      { country: 'MX', share: 0.3 },
      { country: 'BR', share: 0.1 },
    ]);
    expect(topCountries(null)).toEqual([]);
    expect(topCountries({ US: 1 })).toEqual([{ country: 'US', share: 1 }]);
  });

  it('asks for 10 % of the audience in a country unless told otherwise', () => {
    expect(countryFilter({})).toBeNull();
    expect(countryFilter({ country: 'US' })).toEqual({ country: 'US', minShare: 0.1 });
    expect(countryFilter({ country: 'US', minCountryShare: 0 })).toEqual({ country: 'US', minShare: 0 });
  });

  it('puts creators without an engagement rate after every real one', () => {
    expect(sortValue('engagementRate', { followers: 10, engagementRate: null })).toBeLessThan(sortValue('engagementRate', { followers: 1, engagementRate: 0 }));
    expect(sortValue('followers', { followers: 10, engagementRate: null })).toBe(10);
  });
});
