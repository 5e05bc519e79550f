import { describe, expect, it } from '@jest/globals';
import { EMPTY_FILTERS, filtersFrom, parseCount, parsePercent, topCountriesText } from './discovery';

describe('discovery filters', () => {
  it('reads counts as people type them', () => {
    expect(['25000', '25k', '25K', '1.5m', '12,500', '0'].map(parseCount)).toEqual([25_000, 25_000, 25_000, 1_500_000, 12_500, 0]);
    expect(['', 'lots', '-5', '1.5', '2.5k5'].map(parseCount)).toEqual([null, null, null, null, null]);
  });

  it('reads percentages into ratios, 0 to 100 only', () => {
    expect(parsePercent('12.5')).toBe(0.125);
    expect(parsePercent('20 %')).toBe(0.2);
    expect(parsePercent('100')).toBe(1);
    expect(parsePercent('101')).toBeNull();
    expect(parsePercent('-1')).toBeNull();
    expect(parsePercent('a')).toBeNull();
  });

  it('turns the form into the route query, leaving out what is empty', () => {
    expect(filtersFrom(EMPTY_FILTERS)).toEqual({ filters: {}, errors: {} });
    expect(filtersFrom({ category: 'beauty', country: ' us ', minCountryShare: '20', minFollowers: '10k', minEngagementRate: '3.5' })).toEqual({
      filters: { category: 'beauty', country: 'US', minCountryShare: 0.2, minFollowers: 10_000, minEngagementRate: 0.035 },
      errors: {},
    });
  });

  it('names each field that cannot mean anything, under its own key', () => {
    const { errors } = filtersFrom({ category: '', country: 'USA', minCountryShare: '150', minFollowers: 'many', minEngagementRate: '5%%' });
    expect(Object.keys(errors).sort()).toEqual(['country', 'minCountryShare', 'minEngagementRate', 'minFollowers']);
    expect(filtersFrom({ ...EMPTY_FILTERS, minCountryShare: '20' }).errors).toEqual({ minCountryShare: 'Choose a country for this share' });
  });

  it('lists the top audience countries with whole percentages', () => {
    expect(topCountriesText([{ country: 'US', share: 0.541 }, { country: 'GB', share: 0.12 }])).toBe('US 54% · GB 12%');
    expect(topCountriesText([])).toBe('—');
  });
});
