import { CREATOR_CATEGORIES, MIN_BENCHMARK_COHORT } from '#libs/contracts';
import { followerBand } from '../../services/metrics/src/kpis/kpi.formulas.js';
import { primaryCategory, topCountries } from '../../services/metrics/src/discovery/discovery.rules.js';
import { ALL_DEMO_CREATORS, DEMO_CREATORS, DEMO_MARKETPLACE_CREATORS, demoMetrics } from './demo-plan.js';

/** Languages spoken in each country a demo profile names: a profile's regions and languages agree. */
const SPOKEN: Record<string, readonly string[]> = {
  US: ['en', 'es'], MX: ['es'], ES: ['es'], CA: ['en', 'fr'], DE: ['de'], GB: ['en'], IE: ['en'], IN: ['en', 'hi'], JP: ['ja'], BR: ['pt'], PT: ['pt'], FR: ['fr'],
};

/** The demo world's generated metrics, as the loader ingests them (ids stand in for the sign-ups'). */
const until = new Date('2026-12-05T00:00:00.000Z');
const generated = ALL_DEMO_CREATORS.map((plan, i) => ({ plan, data: demoMetrics(plan, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, until) }));

describe('demo data that tells the truth', () => {
  it("leads each creator's audience with the profile's regions, largest first, in countries that speak its languages", () => {
    for (const { plan, data } of generated) {
      const countries = data.audience.at(-1)!.countries;
      expect({ handle: plan.handle, largest: topCountries(countries, plan.regions.length).map((c) => c.country) }).toEqual({ handle: plan.handle, largest: plan.regions });
      for (const region of plan.regions) expect({ handle: plan.handle, region, speaks: plan.languages.some((l) => SPOKEN[region]?.includes(l)) }).toEqual({ handle: plan.handle, region, speaks: true });
    }
  });

  it(`puts every creator in a benchmark cohort (primary category × follower band) of at least ${MIN_BENCHMARK_COHORT}`, () => {
    const cohorts = new Map<string, string[]>();
    for (const { plan, data } of generated) {
      expect(CREATOR_CATEGORIES).toEqual(expect.arrayContaining(plan.categories));
      const key = `${primaryCategory(plan.categories)} × ${followerBand(data.followers.at(-1)!.followers)}`;
      cohorts.set(key, [...(cohorts.get(key) ?? []), plan.handle]);
    }
    const small = [...cohorts].filter(([, handles]) => handles.length < MIN_BENCHMARK_COHORT);
    expect(small).toEqual([]);
    // The planned first-day band is the band the creator ends in (growth stays inside it).
    for (const { plan, data } of generated) expect(followerBand(data.followers.at(-1)!.followers)).toBe(followerBand(plan.followers));
  });

  it('gives a US brand creators to find: marketplace creators with at least 10 % of their audience in the US', () => {
    const us = generated.filter(({ plan, data }) => plan.marketplaceVisible && (data.audience.at(-1)!.countries.US ?? 0) >= 0.1);
    expect(us.length).toBeGreaterThanOrEqual(5);
  });

  it('keeps handles and emails unique, and the agency roster apart from the marketplace', () => {
    expect(new Set(ALL_DEMO_CREATORS.map((c) => c.handle)).size).toBe(ALL_DEMO_CREATORS.length);
    expect(new Set(ALL_DEMO_CREATORS.map((c) => c.email)).size).toBe(ALL_DEMO_CREATORS.length);
    expect(DEMO_CREATORS.filter((c) => DEMO_MARKETPLACE_CREATORS.includes(c))).toEqual([]);
  });
});
