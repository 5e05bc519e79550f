import type { AudienceSnapshot, FollowerSnapshot, VideoObservation } from '#libs/contracts';

/**
 * Deterministic synthetic metrics: the same seed always gives the same creators, videos and
 * observations. Views are log-normal (a few hits, many quiet videos), engagement differs per
 * creator, counters of a video only grow between its observations, and every demographic map
 * sums to 1. Used by tests, benchmarks, the import tool and the demo data.
 */

/** mulberry32: small, fast, good enough for test data (not for anything secret). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID (version 4 layout) drawn from `rng`, so ids are reproducible too. */
export function seededUuid(rng: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function normal(rng: () => number): number {
  // Box–Muller; 1 - rng() keeps the log argument away from 0.
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/**
 * Shares over `keys` that sum to exactly 1 at 4 decimals (the last key takes the rounding).
 * `typical` weighs each key (default all alike), so random audiences keep a plausible shape.
 */
export function syntheticShares(rng: () => number, keys: readonly string[], skew = 1, typical?: readonly number[]): Record<string, number> {
  // With a typical shape, each key keeps at least 30 % of its typical weight.
  const weights = keys.map((_, i) => (typical ? typical[i]! * (0.3 + rng() ** skew) : rng() ** skew + 0.01));
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => Math.round((w / total) * 10_000) / 10_000);
  const rest = Math.round((1 - shares.slice(0, -1).reduce((a, b) => a + b, 0)) * 10_000) / 10_000;
  shares[shares.length - 1] = Math.max(0, rest);
  return Object.fromEntries(keys.map((k, i) => [k, shares[i]!]));
}

export interface SyntheticCreatorOptions {
  creatorId?: string;
  videos: number;
  observationsPerVideo: number;
  /** The last day of activity: videos are posted in the `days` before it, snapshots end on it. */
  until: Date;
  days: number;
  /** Followers on the first day (drawn when absent); views are scaled to them. */
  followers?: number;
  /**
   * The countries the creator's profile names, in its order: they get the largest audience
   * shares, largest first, so a profile and its audience never contradict each other.
   */
  regions?: readonly string[];
}

export interface SyntheticCreator {
  creatorId: string;
  videos: VideoObservation[];
  followers: FollowerSnapshot[];
  audience: AudienceSnapshot[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'BR', 'MX', 'IN', 'ID', 'JP', 'CA'];

/** Followers per median view when the caller names the followers (the middle of the drawn 2–10). */
const FOLLOWERS_PER_VIEW = 6;

/**
 * Audience countries led by the profile's regions: together 60–75 % of the audience, each
 * region more than the next and more than any other country (up to three regions), the rest
 * spread over six other countries of similar size.
 */
export function regionalCountries(rng: () => number, regions: readonly string[]): Record<string, number> {
  const others = COUNTRIES.filter((c) => !regions.includes(c)).slice(0, 6);
  const regionTotal = 0.6 + 0.15 * rng();
  const regionWeights = regions.map((_, i) => 1 / (i + 1));
  const regionSum = regionWeights.reduce((a, b) => a + b, 0);
  const otherWeights = others.map(() => 0.75 + 0.5 * rng());
  const otherSum = otherWeights.reduce((a, b) => a + b, 0);
  const shares = [...regionWeights.map((w) => (w / regionSum) * regionTotal), ...otherWeights.map((w) => (w / otherSum) * (1 - regionTotal))];
  const keys = [...regions, ...others];
  const rounded = shares.map((x) => Math.round(x * 10_000) / 10_000);
  rounded[rounded.length - 1] = Math.round((1 - rounded.slice(0, -1).reduce((a, b) => a + b, 0)) * 10_000) / 10_000;
  return Object.fromEntries(keys.map((k, i) => [k, rounded[i]!]));
}

export function syntheticCreator(rng: () => number, opts: SyntheticCreatorOptions): SyntheticCreator {
  const creatorId = opts.creatorId ?? seededUuid(rng);
  const drawnMedianViews = Math.exp(Math.log(5_000) + 1.5 * normal(rng));
  const medianViews = opts.followers !== undefined ? opts.followers / FOLLOWERS_PER_VIEW : drawnMedianViews;
  const engagement = 0.02 + 0.12 * rng() ** 2;
  const sixSecond = 0.3 + 0.35 * rng();
  const completion = 0.08 + 0.25 * rng();
  const end = opts.until.getTime();
  const videos: VideoObservation[] = [];
  for (let v = 0; v < opts.videos; v++) {
    // Posted at least an hour before `until`, so every observation falls on or before it: a
    // history ending now never holds an observation from the future.
    const postedAt = Math.min(end - HOUR, end - Math.floor(rng() * opts.days * DAY));
    const finalViews = Math.round(medianViews * Math.exp(1.2 * normal(rng)));
    const videoId = `${Math.floor(rng() * 1e9)}${v}`;
    const span = end - postedAt;
    for (let o = 1; o <= opts.observationsPerVideo; o++) {
      const observedAt = postedAt + Math.floor((span * o) / opts.observationsPerVideo);
      const grown = 1 - Math.exp((-4 * o) / opts.observationsPerVideo);
      const views = Math.round(finalViews * grown);
      const engaged = views * engagement;
      videos.push({
        observationId: seededUuid(rng),
        creatorId,
        videoId,
        postedAt: new Date(postedAt).toISOString(),
        observedAt: new Date(observedAt).toISOString(),
        views,
        sixSecondViews: Math.floor(views * sixSecond),
        completedViews: Math.floor(views * completion),
        likes: Math.floor(engaged * 0.85),
        comments: Math.floor(engaged * 0.05),
        shares: Math.floor(engaged * 0.1),
        avgWatchSeconds: Math.round((4 + 20 * completion) * 10) / 10,
      });
    }
  }
  // Followers compound from day to day at a creator's own pace (0.1–0.5 % a day, each day
  // between half and one and a half times that), so the series grows like a real account's.
  const dailyGrowth = 0.001 + 0.004 * rng();
  const drawnFollowers = Math.round(medianViews * (2 + 8 * rng()));
  let current = opts.followers ?? drawnFollowers;
  const followers: FollowerSnapshot[] = [];
  for (let d = opts.days; d >= 0; d--) {
    followers.push({
      observationId: seededUuid(rng),
      creatorId,
      observedAt: new Date(end - d * DAY).toISOString(),
      followers: current,
    });
    current = Math.round(current * (1 + dailyGrowth * (0.5 + rng())));
  }
  const audience: AudienceSnapshot[] = [
    {
      observationId: seededUuid(rng),
      creatorId,
      observedAt: new Date(end).toISOString(),
      // Short-video audiences lean young; few people choose "other".
      ages: syntheticShares(rng, ['13-17', '18-24', '25-34', '35-44', '45+'], 1, [0.4, 1.2, 1, 0.6, 0.35]),
      genders: syntheticShares(rng, ['female', 'male', 'other'], 1, [1, 1, 0.06]),
      countries: opts.regions?.length ? regionalCountries(rng, opts.regions) : syntheticShares(rng, COUNTRIES, 3),
      devices: syntheticShares(rng, ['ios', 'android']),
    },
  ];
  return { creatorId, videos, followers, audience };
}
