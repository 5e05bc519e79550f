import { CREATOR_CATEGORIES, type DiscoveryQuery } from './api/types';

/** The discovery filters as typed in the form, and their translation into the route's query. */

export interface DiscoveryForm {
  category: string;
  country: string;
  /** Percent, as people think of shares ("20" for 20 %). */
  minCountryShare: string;
  /** "25000", "25k", "1.5m". */
  minFollowers: string;
  /** Percent. */
  minEngagementRate: string;
}

export const EMPTY_FILTERS: DiscoveryForm = { category: '', country: '', minCountryShare: '', minFollowers: '', minEngagementRate: '' };

export type DiscoveryFilters = Pick<DiscoveryQuery, 'category' | 'country' | 'minCountryShare' | 'minFollowers' | 'minEngagementRate'>;

const SUFFIX: Record<string, number> = { '': 1, k: 1_000, m: 1_000_000 };

/** "25k" → 25000, "1.5m" → 1500000, "12,500" → 12500; null when it is not a whole count. */
export function parseCount(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.replace(/[,\s_]/g, ''));
  if (!m) return null;
  const value = Number(m[1]) * SUFFIX[m[2].toLowerCase()];
  return Number.isSafeInteger(Math.round(value)) && Math.abs(value - Math.round(value)) < 1e-6 ? Math.round(value) : null;
}

/** "12.5" or "12.5%" → 0.125; null unless 0–100. */
export function parsePercent(text: string): number | null {
  const cleaned = text.trim().replace(/%$/, '').trim();
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return value <= 100 ? Math.round(value * 1e6) / 1e8 : null;
}

/**
 * The query for what the form says, or the fields that cannot mean anything yet (checked here
 * so a person gets the message at once; the gateway checks again and its field errors are
 * shown at the same places).
 */
export function filtersFrom(form: DiscoveryForm): { filters: DiscoveryFilters; errors: Record<string, string> } {
  const filters: DiscoveryFilters = {};
  const errors: Record<string, string> = {};
  const category = CREATOR_CATEGORIES.find((c) => c === form.category);
  if (category) filters.category = category;
  const country = form.country.trim().toUpperCase();
  if (country) {
    if (/^[A-Z]{2}$/.test(country)) filters.country = country;
    else errors.country = 'A two-letter country code, e.g. US';
  }
  if (form.minCountryShare.trim()) {
    const share = parsePercent(form.minCountryShare);
    if (share === null) errors.minCountryShare = 'A percentage from 0 to 100';
    else if (!country) errors.minCountryShare = 'Choose a country for this share';
    else filters.minCountryShare = share;
  }
  if (form.minFollowers.trim()) {
    const followers = parseCount(form.minFollowers);
    if (followers === null) errors.minFollowers = 'A whole number, e.g. 25000 or 25k';
    else filters.minFollowers = followers;
  }
  if (form.minEngagementRate.trim()) {
    const rate = parsePercent(form.minEngagementRate);
    if (rate === null) errors.minEngagementRate = 'A percentage from 0 to 100';
    else filters.minEngagementRate = rate;
  }
  return { filters, errors };
}

/** "US 54% · GB 12% · CA 9%". */
export function topCountriesText(countries: readonly { country: string; share: number }[]): string {
  return countries.length ? countries.map((c) => `${c.country} ${Math.round(c.share * 100)}%`).join(' · ') : '—';
}
