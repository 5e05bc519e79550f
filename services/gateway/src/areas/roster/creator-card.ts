import { authorize, type CreatorAction, type Resource } from '#libs/authz';
import { campaignsContracts, metricsContracts, rosterContracts, type CardSection, type CreatorCard } from '#libs/contracts';
import { countsAgainstBreaker } from '../../downstream/downstream.js';
import { addServerTiming } from '../../http/server-timing.js';
import type { RouteContext } from '../../routes/route.js';
import { composeSections, degradedOf, type Section } from '../../composition/sections.js';
import { sectionCall } from './section-call.js';

/** The window the card shows (TikTok's own default: the 30 most recent videos). */
const CARD_WINDOW = 'last30v';

/** A refusal or "nothing here" from a service that answered is not an outage: the section is just empty. */
function emptyWhenRefused<T>(fetch: () => Promise<T>): () => Promise<T | null> {
  return () =>
    fetch().catch((err: unknown) => {
      if (countsAgainstBreaker(err)) throw err;
      return null;
    });
}

/**
 * GET /v1/creators/{id}/card: every section fetched at once, each subject behind its own
 * breaker with the section deadline; a section whose service is slow or down is null and named
 * in `degraded` (an open breaker answers at once), one the caller may not see is null without
 * a call. `Server-Timing` names each section's time.
 */
export async function creatorCard(ctx: RouteContext<typeof rosterContracts.profileGet>): Promise<CreatorCard> {
  const { request } = ctx;
  const { creatorId } = ctx.input;
  const resource = request.authz?.resource as Resource;
  const may = (action: CreatorAction) => authorize(request.principal, action, resource).allowed;
  const call = sectionCall(ctx);

  const sections: Record<CardSection, Section<unknown>> = {
    profile: { allowed: may('profile:read'), fetch: emptyWhenRefused(() => call(rosterContracts.profileGet, { creatorId })) },
    rates: { allowed: may('rates:read'), fetch: emptyWhenRefused(() => call(rosterContracts.ratesGet, { creatorId })) },
    metrics: { allowed: may('metrics:read'), fetch: emptyWhenRefused(() => call(metricsContracts.kpisGet, { creatorId, window: CARD_WINDOW })) },
    audience: { allowed: may('metrics:read'), fetch: emptyWhenRefused(() => call(metricsContracts.audienceGet, { creatorId })) },
    campaigns: {
      allowed: may('campaigns:read'),
      fetch: emptyWhenRefused(async () => {
        const { items } = await call(campaignsContracts.countsBatch, { creatorIds: [creatorId] });
        const counts = items.find((i) => i.creatorId === creatorId);
        return counts ? { pending: counts.pending, active: counts.active, completed: counts.completed, inactive: counts.inactive } : null;
      }),
    },
  };
  const out = await composeSections(sections);
  for (const [name, outcome] of Object.entries(out)) if (!('skipped' in outcome)) addServerTiming(request, name, outcome.ms);
  return {
    creatorId,
    profile: out.profile.value as CreatorCard['profile'],
    rates: out.rates.value as CreatorCard['rates'],
    metrics: out.metrics.value as CreatorCard['metrics'],
    audience: out.audience.value as CreatorCard['audience'],
    campaigns: out.campaigns.value as CreatorCard['campaigns'],
    degraded: degradedOf(out) as CardSection[],
  };
}
