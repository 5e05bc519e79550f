import { apiKeyContracts, DEFAULT_MIN_COUNTRY_SHARE, ingestionContracts, metricsContracts as m, type IngestResult, type RequestContract } from '#libs/contracts';
import { chunkByJsonSize } from '#libs/messaging';
import { creatorFrom, ownAccount, ownBrand } from '../../auth/common.resources.js';
import { apiKeyRoute, authorize, route, type RouteContext } from '../../routes/route.js';
import { offerParty } from '../negotiation/negotiation.resources.js';

/**
 * NATS carries at most 1 MB per message, so one HTTP batch (up to 10,000 records, 8 MiB) is
 * sent to ingestion in parts of about this many bytes of records; the parts' results are
 * merged with the indexes of the whole batch.
 */
const PART_BYTES = 512 * 1024;

async function ingestInParts(ctx: RouteContext<RequestContract>): Promise<IngestResult> {
  const { records } = ctx.input as { records: unknown[] };
  const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [], flagged: [] };
  let offset = 0;
  for (const [part, slice] of chunkByJsonSize(records, PART_BYTES).entries()) {
    const r = (await ctx.call({ records: slice } as never, { part })) as IngestResult;
    total.accepted += r.accepted;
    total.duplicates += r.duplicates;
    total.rejected.push(...r.rejected.map((x) => ({ ...x, index: x.index + offset })));
    total.flagged.push(...r.flagged.map((x) => ({ ...x, index: x.index + offset })));
    offset += slice.length;
  }
  return total;
}

const ingestRoute = (kind: keyof typeof ingestionContracts, what: string) =>
  route({
    method: 'POST',
    path: `/v1/ingest/${kind}`,
    contract: ingestionContracts[kind],
    auth: apiKeyRoute('metrics:ingest'),
    status: 202,
    // A part of a few thousand records is written, flagged and announced in one transaction.
    deadlineMs: 30_000,
    handle: ingestInParts,
    openapi: {
      summary: `Ingest up to 10,000 ${what} (\`{ records: [...] }\`); bad records come back in \`rejected\` with their index, the good ones are kept`,
      tags: ['ingestion'],
      problems: [400, 401, 403, 413, 503],
    },
  });

/** Creator metrics, ingestion by data connectors, and the API keys connectors use (docs/metrics.md). */
export const metricsRoutes = {
  createApiKey: route({
    method: 'POST',
    path: '/v1/api-keys',
    contract: apiKeyContracts.create,
    // Identity decides: only platform operators (PLATFORM_ADMINS) may; everyone else gets 403.
    auth: authorize('account:read', ownAccount),
    openapi: { summary: 'Issue an API key for a data connector (platform operators); the key is shown only in this answer', tags: ['ingestion'], problems: [400, 401, 403, 503] },
  }),
  listApiKeys: route({
    method: 'GET',
    path: '/v1/api-keys',
    contract: apiKeyContracts.list,
    auth: authorize('account:read', ownAccount),
    openapi: { summary: 'The API keys, newest first, revoked ones included, without their secrets (platform operators)', tags: ['ingestion'], problems: [400, 401, 403, 503] },
  }),
  revokeApiKey: route({
    method: 'DELETE',
    path: '/v1/api-keys/:keyId',
    contract: apiKeyContracts.revoke,
    auth: authorize('account:read', ownAccount),
    openapi: { summary: 'Revoke an API key (platform operators); it stops working at once', tags: ['ingestion'], problems: [400, 401, 403, 404, 503] },
  }),
  ingestVideos: ingestRoute('videos', 'video observations'),
  ingestFollowers: ingestRoute('followers', 'follower snapshots'),
  ingestAudience: ingestRoute('audience', 'audience snapshots'),
  creatorMetrics: route({
    method: 'GET',
    path: '/v1/creators/:creatorId/metrics',
    contract: m.kpisGet,
    conditional: true,
    auth: authorize('metrics:read', creatorFrom('params')),
    openapi: {
      summary: "A creator's KPIs over `window` (`last30v`, the 30 most recent videos, by default; or 7d, 30d, 90d), with provenance and cohort benchmarks",
      tags: ['metrics'],
      problems: [400, 401, 403, 404, 503],
    },
  }),
  discoverCreators: route({
    method: 'GET',
    path: '/v1/creators',
    contract: m.creatorsDiscover,
    auth: authorize('marketplace:discover', ownBrand),
    openapi: {
      summary:
        'Marketplace discovery (brand members): creators visible in the marketplace, filtered by `category` (any they list), `country` ' +
        `(ISO 3166-1 alpha-2, with at least \`minCountryShare\` of the audience there, ${DEFAULT_MIN_COUNTRY_SHARE} by default), \`minFollowers\` and ` +
        '`minEngagementRate` (last 30 videos), sorted by `followers` (default) or `engagementRate`, descending; `limit` ≤ 100 (25), `cursor` = `nextCursor`',
      tags: ['metrics'],
      problems: [400, 401, 403, 503],
    },
  }),
  creatorAudience: route({
    method: 'GET',
    path: '/v1/creators/:creatorId/audience',
    contract: m.audienceGet,
    conditional: true,
    auth: authorize('metrics:read', creatorFrom('params')),
    openapi: { summary: "A creator's latest audience demographics (age, gender, country, device shares)", tags: ['metrics'], problems: [400, 401, 403, 404, 503] },
  }),
  creatorSeries: route({
    method: 'GET',
    path: '/v1/creators/:creatorId/metrics/series',
    contract: m.seriesGet,
    // Whoever may read the creator's KPIs may read the points behind them.
    auth: authorize('metrics:read', creatorFrom('params')),
    openapi: {
      summary: "A creator's followers per day over the last `days` days (90 by default, 7–365) and the views and engagement rate of their 30 most recent videos, for charts",
      tags: ['metrics'],
      problems: [400, 401, 403, 404, 503],
    },
  }),
  creatorSignals: route({
    method: 'GET',
    path: '/v1/creators/:creatorId/signals',
    contract: m.signalsGet,
    // Derived from the creator's metrics, so readable by exactly those who may read them.
    auth: authorize('metrics:read', creatorFrom('params')),
    openapi: {
      summary:
        "Anomalies in a creator's figures, newest first, each with its evidence: a day's follower gain beyond the creator's own robust spread (`follower_jump`), " +
        'engagement far below the cohort p25 while median views are far above the cohort median (`view_pattern`). Flags for a person to judge; the same list is on the card and on discovery rows',
      tags: ['metrics'],
      problems: [400, 401, 403, 404, 503],
    },
  }),
  offerPerformance: route({
    method: 'GET',
    path: '/v1/offers/:id/performance',
    params: { id: 'offerId' },
    contract: m.offerPerformance,
    auth: offerParty,
    openapi: {
      summary:
        "Views, engagements, CPM and CPE of the videos on an offer's approved submissions, against its agreed price (both sides of the offer; null price and ratios until accepted and watched)",
      tags: ['metrics'],
      problems: [400, 401, 403, 404, 503],
    },
  }),
};
