import type { OfferPerformance } from './api/types';
import { formatCount, formatDateTime, formatMoney, formatRate } from './format';

export interface Tile {
  key: string;
  label: string;
  value: string;
  hint: string;
}

/**
 * An offer's performance as tiles: what the brand paid for, per thousand views and per
 * engagement. A figure that cannot be computed yet says why instead of showing zero.
 */
export function performanceTiles(p: OfferPerformance): Tile[] {
  const noPrice = 'once the offer is accepted';
  const noViews = p.videos.length ? 'no views counted yet' : 'once an approved video is observed';
  const needs = (what: string) => (p.price ? what : noPrice);
  const videos = `${p.videos.length} approved ${p.videos.length === 1 ? 'video' : 'videos'}`;
  return [
    { key: 'views', label: 'Views', value: formatCount(p.views), hint: videos },
    { key: 'engagementRate', label: 'Engagement rate', value: formatRate(p.engagementRate), hint: p.engagementRate === null ? noViews : `${formatCount(p.engagements)} engagements` },
    { key: 'cpm', label: 'CPM', value: formatMoney(p.cpm), hint: p.cpm ? 'price per thousand views' : needs(noViews) },
    { key: 'cpe', label: 'CPE', value: formatMoney(p.cpe), hint: p.cpe ? 'price per engagement' : needs(p.videos.length ? 'no engagements counted yet' : noViews) },
  ];
}

/** Where the numbers come from, under the tiles. */
export function performanceProvenance(p: OfferPerformance): string {
  const { videosCounted, videosNotCounted, observationsCounted, formulaVersion } = p.provenance;
  const waiting = videosNotCounted ? ` (${videosNotCounted} not counted)` : '';
  return `${videosCounted} verified ${videosCounted === 1 ? 'video' : 'videos'}${waiting}, ${observationsCounted} ${observationsCounted === 1 ? 'observation' : 'observations'}; price ${formatMoney(p.price)}; formula ${formulaVersion}; as of ${formatDateTime(p.asOf)}`;
}
