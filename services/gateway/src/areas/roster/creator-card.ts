import { authorize, type CreatorAction, type Resource } from '#libs/authz';
import { campaignsContracts, metricsContracts, ROSTER_CARD_PARTS, rosterContracts, type CardSection, type CreatorCard } from '#libs/contracts';
import { countsAgainstBreaker } from '../../downstream/downstream.js';
import { addServerTiming } from '../../http/server-timing.js';
import type { RouteContext } from '../../routes/route.js';
import { composeSections, degradedOf, sharedCall, type Section } from '../../composition/sections.js';
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
 * GET /v1/creators/{id}/card: one request per service, all at once, each subject behind its own
 * breaker with the section deadline: roster answers the profile and the rates together, metrics
 * the KPIs and the audience. A service slow or down leaves its own sections null and named in
 * `degraded` (an open breaker answers at once); a section the caller may not see is null without
 * being asked for (a service none of whose sections the caller may see is not called).
 * `Server-Timing` names each section's time.
 */
export async function creatorCard(ctx: RouteContext<typeof rosterContracts.profileGet>): Promise<CreatorCard> {
  const { request } = ctx;
  const { creatorId } = ctx.input;
  const resource = request.authz?.resource as Resource;
  const may = (action: CreatorAction) => authorize(request.principal, action, resource).allowed;
  const call = sectionCall(ctx);

  const allowed = { profile: may('profile:read'), rates: may('rates:read'), metrics: may('metrics:read'), campaigns: may('campaigns:read') };
  const rosterParts = ROSTER_CARD_PARTS.filter((part) => allowed[part]);
  const roster = sharedCall(() => call(rosterContracts.cardGet, { creatorId, parts: rosterParts }));
  const metrics = sharedCall(() => call(metricsContracts.cardGet, { creatorId, window: CARD_WINDOW }));

  const sections: Record<CardSection, Section<unknown>> = {
    profile: { allowed: allowed.profile, fetch: emptyWhenRefused(async () => (await roster()).profile) },
    rates: { allowed: allowed.rates, fetch: emptyWhenRefused(async () => (await roster()).rates) },
    metrics: { allowed: allowed.metrics, fetch: emptyWhenRefused(async () => (await metrics()).kpis) },
    audience: { allowed: allowed.metrics, fetch: emptyWhenRefused(async () => (await metrics()).audience) },
    campaigns: {
      allowed: allowed.campaigns,
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
