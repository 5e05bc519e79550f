import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { audienceSnapshotSchema, followerSnapshotSchema, videoObservationSchema } from './ingestion.schemas.js';

/** JSON bytes of records per event: keeps each message well below NATS's 1 MB payload limit. */
export const OBSERVATION_BYTES_PER_EVENT = 512 * 1024;

/**
 * Observations newly stored by one committed batch (duplicates are not repeated). A large
 * batch is split into several events (OBSERVATION_BYTES_PER_EVENT each at most); `aggregateId` is the batch id and `aggregateVersion`
 * the part number. Consumers must be safe against redelivery and against observations of the
 * same video arriving in any order.
 */
export const ingestionEvents = {
  recorded: defineEvent({
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
} as const;

export type ObservationsRecordedPayload = z.infer<typeof ingestionEvents.recorded.payload>;
