import type { Scope } from '../principal.js';
import type { DeliverableType } from './deliverables.js';

/**
 * Words people read for the platform's codes, shared by the portal's screens and the gateway's
 * exports so a spreadsheet says what the screen says. Only type imports: the portal bundles
 * this file as it is.
 */

/** What a grant lets an agency do, as the creator decides it. */
export const SCOPE_TEXT: Record<Scope, string> = {
  'campaigns:read': 'See campaigns and offers',
  'offers:negotiate': 'Negotiate offers',
  'feedback:write': 'Submit drafts for review',
  'rates:write': 'Change rates',
  'metrics:read': 'See performance and audience',
};

/** Several scopes in one line: "See campaigns and offers; negotiate offers". */
export function scopesText(scopes: readonly Scope[]): string {
  if (!scopes.length) return 'Nothing';
  return scopes.map((s, i) => (i === 0 ? SCOPE_TEXT[s] : SCOPE_TEXT[s].charAt(0).toLowerCase() + SCOPE_TEXT[s].slice(1))).join('; ');
}

/** What a creator sells, one name per deliverable type. */
export const DELIVERABLE_LABELS: Record<DeliverableType, string> = {
  video: 'Video',
  video_series: 'Video series',
  live: 'Live stream',
  story: 'Story',
  usage_rights_30d: 'Usage rights (30 days)',
};
