import { z } from 'zod';
import { compareInstants, isoTime } from '../common/time.js';

/**
 * What data connectors send: observations of a creator's videos, follower snapshots and
 * audience snapshots. Each record is validated on its own (one bad record never sinks its
 * batch) and is idempotent by `observationId`.
 */

export const MAX_INGEST_BATCH = 10_000;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Platform video ids are opaque strings (TikTok's are 19-digit numbers). */
export const videoIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'letters, digits and _.:- only (1–128)');

export const videoObservationSchema = z
  .object({
    observationId: z.uuid(),
    creatorId: z.uuid(),
    videoId: videoIdSchema,
    postedAt: isoTime,
    observedAt: isoTime,
    views: count,
    sixSecondViews: count,
    completedViews: count,
    likes: count,
    comments: count,
    shares: count,
    avgWatchSeconds: z.number().nonnegative().max(86_400),
  })
  .strict()
  .refine((r) => r.sixSecondViews <= r.views, { path: ['sixSecondViews'], message: 'cannot exceed views' })
  .refine((r) => r.completedViews <= r.views, { path: ['completedViews'], message: 'cannot exceed views' })
  .refine((r) => compareInstants(r.observedAt, r.postedAt) >= 0, { path: ['observedAt'], message: 'is before postedAt' });
export type VideoObservation = z.infer<typeof videoObservationSchema>;

export const followerSnapshotSchema = z
  .object({
    observationId: z.uuid(),
    creatorId: z.uuid(),
    observedAt: isoTime,
    followers: count,
  })
  .strict();
export type FollowerSnapshot = z.infer<typeof followerSnapshotSchema>;

/** Shares may miss 1 by rounding in the connector, not by more. */
export const SHARE_SUM_TOLERANCE = 0.01;

function shareMap(key: z.ZodString) {
  return z
    .record(key, z.number().min(0).max(1))
    .refine((m) => Object.keys(m).length > 0, 'must not be empty')
    .refine((m) => Object.keys(m).length <= 300, 'at most 300 keys')
    .refine((m) => Math.abs(Object.values(m).reduce((a, b) => a + b, 0) - 1) <= SHARE_SUM_TOLERANCE, 'shares must sum to 1');
}

export const audienceSnapshotSchema = z
  .object({
    observationId: z.uuid(),
    creatorId: z.uuid(),
    observedAt: isoTime,
    /** Age bands, e.g. `18-24`. */
    ages: shareMap(z.string().regex(/^[0-9+<>-]{1,16}$/, 'an age band such as 18-24')),
    genders: shareMap(z.string().regex(/^[a-z_]{1,32}$/, 'lowercase, e.g. female')),
    /** ISO 3166-1 alpha-2 codes. */
    countries: shareMap(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code')),
    devices: shareMap(z.string().regex(/^[a-z_]{1,32}$/, 'lowercase, e.g. ios')).optional(),
  })
  .strict();
export type AudienceSnapshot = z.infer<typeof audienceSnapshotSchema>;

export const OBSERVATION_KINDS = ['videos', 'followers', 'audience'] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export const observationSchemas = {
  videos: videoObservationSchema,
  followers: followerSnapshotSchema,
  audience: audienceSnapshotSchema,
} as const satisfies Record<ObservationKind, z.ZodType>;

/** Records stay raw in the envelope: each is validated by the service, so one bad record cannot reject the batch. */
export const ingestBatchSchema = z.object({ records: z.array(z.unknown()).min(1).max(MAX_INGEST_BATCH) }).strict();

export const ingestResultSchema = z.object({
  /** New observations stored. */
  accepted: z.number().int().nonnegative(),
  /** Observations already stored under the same `observationId` (a retry): nothing changed. */
  duplicates: z.number().int().nonnegative(),
  rejected: z.array(z.object({ index: z.number().int().nonnegative(), reason: z.string() })),
  /** Stored, but a counter is lower than an earlier observation of the same video. */
  flagged: z.array(z.object({ index: z.number().int().nonnegative(), reason: z.string() })),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;
