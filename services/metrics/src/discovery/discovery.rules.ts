import { DEFAULT_MIN_COUNTRY_SHARE, type DiscoverySort } from '#libs/contracts';

/**
 * What discovery and cohorts decide about a creator's marketplace facts, without a database:
 * the primary category, the audience countries a result shows, and the country filter.
 */

/** The category a creator lists first is the one they are benchmarked in; none → null (compared with the whole follower band). */
export function primaryCategory(categories: readonly string[]): string | null {
  return categories[0] ?? null;
}

/** The `n` largest shares, largest first (ties by country code, so the answer is stable). */
export function topCountries(countries: Record<string, number> | null | undefined, n = 3): { country: string; share: number }[] {
  return Object.entries(countries ?? {})
    .map(([country, share]) => ({ country, share }))
    .sort((a, b) => b.share - a.share || (a.country < b.country ? -1 : 1))
    .slice(0, n);
}

/** A country filter without a share asks for creators with at least the default share of their audience there. */
export function countryFilter(q: { country?: string; minCountryShare?: number }): { country: string; minShare: number } | null {
  return q.country ? { country: q.country, minShare: q.minCountryShare ?? DEFAULT_MIN_COUNTRY_SHARE } : null;
}

/**
 * Where a creator stands in a page's order: the sort value, creators without one last (-1 is
 * below every real value), then the creator id, both descending.
 */
export function sortValue(sort: DiscoverySort, row: { followers: number; engagementRate: number | null }): number {
  return sort === 'followers' ? row.followers : (row.engagementRate ?? -1);
}
