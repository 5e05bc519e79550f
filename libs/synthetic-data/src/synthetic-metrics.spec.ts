import { regionalCountries, seededRandom, syntheticCreator } from './synthetic-metrics.js';

describe('syntheticCreator', () => {
  const make = (seed: number) => syntheticCreator(seededRandom(seed), { videos: 30, observationsPerVideo: 4, until: new Date('2026-01-01'), days: 60 });

  it('is the same for the same seed and differs for another', () => {
    expect(make(1)).toEqual(make(1));
    expect(make(2).creatorId).not.toBe(make(1).creatorId);
  });

  it('gives demographic shares that sum to 1 and counters that only grow per video', () => {
    const data = make(3);
    for (const map of [data.audience[0]!.ages, data.audience[0]!.genders, data.audience[0]!.countries]) {
      expect(Object.values(map).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
    const byVideo = new Map<string, number[]>();
    for (const v of data.videos) byVideo.set(v.videoId, [...(byVideo.get(v.videoId) ?? []), v.views]);
    for (const views of byVideo.values()) expect([...views].sort((a, b) => a - b)).toEqual(views);
    expect(data.followers).toHaveLength(61);
  });

  it('never observes a video after `until`, however close to it the video was posted', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const until = new Date('2026-12-05T00:00:00Z');
      const data = syntheticCreator(seededRandom(seed), { videos: 20, observationsPerVideo: 3, until, days: 1 });
      for (const v of data.videos) {
        expect(Date.parse(v.observedAt)).toBeLessThanOrEqual(until.getTime());
        expect(Date.parse(v.observedAt)).toBeGreaterThan(Date.parse(v.postedAt));
      }
    }
  });

  it('grows followers steadily from one daily snapshot to the next, as a real account does', () => {
    const counts = make(4).followers.map((f) => f.followers);
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
      expect(counts[i]! / counts[i - 1]!).toBeLessThan(1.01);
    }
    expect(counts.at(-1)! / counts[0]!).toBeGreaterThan(1.02);
  });
});

describe('regional audiences', () => {
  const largest = (countries: Record<string, number>, n: number) =>
    Object.entries(countries)
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([c]) => c);

  it.each([[['US']], [['US', 'MX']], [['JP', 'US']], [['BR', 'PT', 'US']]])('puts %j first, in the profile\'s order, and sums to 1', (regions) => {
    for (let seed = 1; seed <= 50; seed++) {
      const countries = regionalCountries(seededRandom(seed), regions);
      expect(largest(countries, regions.length)).toEqual(regions);
      expect(Object.values(countries).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(Object.values(countries).every((s) => s > 0)).toBe(true);
    }
  });

  it('gives a creator the followers asked for and an audience led by its regions', () => {
    const data = syntheticCreator(seededRandom(9), { videos: 10, observationsPerVideo: 2, until: new Date('2026-01-01'), days: 30, followers: 40_000, regions: ['DE', 'GB'] });
    expect(data.followers[0]!.followers).toBe(40_000);
    expect(largest(data.audience[0]!.countries, 2)).toEqual(['DE', 'GB']);
  });
});
