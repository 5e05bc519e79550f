import { describe, expect, it } from '@jest/globals';
import type { OfferPerformance } from './api/types';
import { performanceProvenance, performanceTiles } from './performance';

const measured: OfferPerformance = {
  offerId: '6f1c2b0e-3d4a-4b5c-8d9e-0a1b2c3d4e5f',
  price: { amount: 100_000, currency: 'USD' },
  videos: [{ videoId: 'v1', views: 80_000, engagements: 4_000, engagementRate: 0.05, observedAt: '2026-11-30T09:00:00.000Z', postedAt: '2026-11-29T09:00:00.000Z', verification: 'verified' }],
  views: 80_000,
  engagements: 4_000,
  engagementRate: 0.05,
  cpm: { amount: 1_250, currency: 'USD' },
  cpe: { amount: 25, currency: 'USD' },
  asOf: '2026-11-30T09:00:00.000Z',
  provenance: { videosCounted: 1, videosNotCounted: 0, observationsCounted: 2, formulaVersion: 'kpi-2026.11.1' },
};

describe('offer performance formatting', () => {
  it('shows views, engagement, CPM and CPE in the offer currency', () => {
    expect(performanceTiles(measured).map((t) => [t.label, t.value, t.hint])).toEqual([
      ['Views', '80K', '1 approved video'],
      ['Engagement rate', '5.00%', '4K engagements'],
      ['CPM', '$12.50', 'price per thousand views'],
      ['CPE', '$0.25', 'price per engagement'],
    ]);
  });

  it('says why a figure is missing instead of showing zero', () => {
    const sent = { ...measured, price: null, videos: [], views: 0, engagements: 0, engagementRate: null, cpm: null, cpe: null, asOf: null };
    expect(performanceTiles(sent).map((t) => [t.value, t.hint])).toEqual([
      ['0', '0 approved videos'],
      ['—', 'once an approved video is observed'],
      ['—', 'once the offer is accepted'],
      ['—', 'once the offer is accepted'],
    ]);
    const accepted = { ...sent, price: measured.price };
    expect(performanceTiles(accepted).slice(2).map((t) => t.hint)).toEqual(['once an approved video is observed', 'once an approved video is observed']);
  });

  it('names where the numbers come from', () => {
    expect(performanceProvenance({ ...measured, provenance: { ...measured.provenance, videosNotCounted: 1 } })).toBe('1 verified video (1 not counted), 2 observations; price $1,000.00; formula kpi-2026.11.1; as of Nov 30, 2026, 9:00 AM UTC');
    expect(performanceProvenance(measured)).toBe('1 verified video, 2 observations; price $1,000.00; formula kpi-2026.11.1; as of Nov 30, 2026, 9:00 AM UTC');
  });
});
