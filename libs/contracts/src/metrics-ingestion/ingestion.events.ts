import { z } from 'zod';
import { compareInstants } from '../common/time.js';
import { defineEvent } from '../contract.js';
import { audienceSnapshotSchema, followerSnapshotSchema, videoObservationSchema, type VideoObservation } from './ingestion.schemas.js';

/** JSON bytes of records per event: keeps each message well below NATS's 1 MB payload limit. */
export const OBSERVATION_BYTES_PER_EVENT = 512 * 1024;

const v = videoObservationSchema.shape;

/**
 * Video observations as columns, one array per field and one value per observation in each:
 * the field names are not repeated for every record, which makes an event about half the size
 * of the same records as objects (bytes written to the outbox, read back, sent and parsed).
 * The rules of a single observation hold for each index.
 */
export const videoColumnsSchema = z
  .object({
    observationId: z.array(v.observationId),
    creatorId: z.array(v.creatorId),
    videoId: z.array(v.videoId),
    postedAt: z.array(v.postedAt),
    observedAt: z.array(v.observedAt),
    views: z.array(v.views),
    sixSecondViews: z.array(v.sixSecondViews),
    completedViews: z.array(v.completedViews),
    likes: z.array(v.likes),
    comments: z.array(v.comments),
    shares: z.array(v.shares),
    avgWatchSeconds: z.array(v.avgWatchSeconds),
  })
  .strict()
  .refine((c) => Object.values(c).every((column) => column.length === c.observationId.length), 'every column has one value per observation')
  .refine((c) => c.views.every((views, i) => c.sixSecondViews[i]! <= views && c.completedViews[i]! <= views), 'sixSecondViews and completedViews cannot exceed views')
  .refine((c) => c.postedAt.every((postedAt, i) => compareInstants(c.observedAt[i]!, postedAt) >= 0), 'observedAt is before postedAt');
export type VideoColumns = z.infer<typeof videoColumnsSchema>;

/**
 * At most how many bytes one observation adds to a `toVideoColumns` document: its strings are
 * ASCII without quotes or backslashes (uuids, ids of `[A-Za-z0-9_.:-]`, ISO times), so each is
 * its length plus quotes and a comma; each number at most 24 characters and a comma. Cheaper
 * than serialising every record to weigh it, and never below the real size.
 */
export function videoColumnBytes(r: VideoObservation): number {
  return 2 * 39 + r.videoId.length + r.postedAt.length + r.observedAt.length + 3 * 3 + 7 * 25;
}

export function toVideoColumns(rows: readonly VideoObservation[]): VideoColumns {
  return {
    observationId: rows.map((r) => r.observationId),
    creatorId: rows.map((r) => r.creatorId),
    videoId: rows.map((r) => r.videoId),
    postedAt: rows.map((r) => r.postedAt),
    observedAt: rows.map((r) => r.observedAt),
    views: rows.map((r) => r.views),
    sixSecondViews: rows.map((r) => r.sixSecondViews),
    completedViews: rows.map((r) => r.completedViews),
    likes: rows.map((r) => r.likes),
    comments: rows.map((r) => r.comments),
    shares: rows.map((r) => r.shares),
    avgWatchSeconds: rows.map((r) => r.avgWatchSeconds),
  };
}

export function fromVideoColumns(c: VideoColumns): VideoObservation[] {
  return c.observationId.map((observationId, i) => ({
    observationId,
    creatorId: c.creatorId[i]!,
    videoId: c.videoId[i]!,
    postedAt: c.postedAt[i]!,
    observedAt: c.observedAt[i]!,
    views: c.views[i]!,
    sixSecondViews: c.sixSecondViews[i]!,
    completedViews: c.completedViews[i]!,
    likes: c.likes[i]!,
    comments: c.comments[i]!,
    shares: c.shares[i]!,
    avgWatchSeconds: c.avgWatchSeconds[i]!,
  }));
}

/**
 * Observations newly stored by one committed batch (duplicates are not repeated). A large
 * batch is split into several events (OBSERVATION_BYTES_PER_EVENT each at most); `aggregateId` is the batch id and `aggregateVersion`
 * the part number. Consumers must be safe against redelivery and against observations of the
 * same video arriving in any order.
 */
export const ingestionEvents = {
  recorded: defineEvent({
    consumers: ['metrics'],
    subject: 'metrics-ingestion.evt.observations.recorded.v1',
    description: 'New observations committed by ingestion (a part of one batch).',
    payload: z.object({
      batchId: z.uuid(),
      part: z.number().int().nonnegative(),
      videos: z.array(videoObservationSchema),
      followers: z.array(followerSnapshotSchema),
      audience: z.array(audienceSnapshotSchema),
    }),
  }),
  /** Version 2: the same, videos as columns (`toVideoColumns`); version 1 is still read for events sent before it. */
  recordedV2: defineEvent({
    consumers: ['metrics'],
    subject: 'metrics-ingestion.evt.observations.recorded.v2',
    description: 'New observations committed by ingestion (a part of one batch), videos as columns.',
    payload: z.object({
      batchId: z.uuid(),
      part: z.number().int().nonnegative(),
      videos: videoColumnsSchema,
      followers: z.array(followerSnapshotSchema),
      audience: z.array(audienceSnapshotSchema),
    }),
  }),
} as const;

export type ObservationsRecordedPayload = z.infer<typeof ingestionEvents.recorded.payload>;
export type ObservationsRecordedV2Payload = z.infer<typeof ingestionEvents.recordedV2.payload>;
