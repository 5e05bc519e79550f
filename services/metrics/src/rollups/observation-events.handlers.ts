import { fromVideoColumns, ingestionEvents } from '#libs/contracts';
import { onEventBatch, type EventHandler } from '#libs/messaging';
import { applyObservations } from './rollup.store.js';

/** Observation events applied together: up to 3 of them, about 5,000 video observations. */
const OBSERVATION_EVENTS_PER_ROUND = 3;

/**
 * Ingested observations turned into rollups, many events through one set of statements and one
 * summary refresh. Version 1 (videos as records) is still read for events sent before version 2.
 * A round holds its events decoded at once (JSON, validated columns, records, the plan); at the
 * kit's 20 events of up to 512 KB that was most of the service's memory during an import (peak
 * 256 MiB resident, 207 at 5, 190 at 3, for about the same CPU).
 */
export function observationEventHandlers(): EventHandler<any>[] {
  return [
    onEventBatch(ingestionEvents.recordedV2, (em, events) => applyObservations(em, events.map((e) => ({ ...e.payload, videos: fromVideoColumns(e.payload.videos) }))), { maxBatch: OBSERVATION_EVENTS_PER_ROUND }),
    onEventBatch(ingestionEvents.recorded, (em, events) => applyObservations(em, events.map((e) => e.payload))),
  ];
}
