import { fromVideoColumns, ingestionEvents } from '#libs/contracts';
import { onEventBatch, type EventHandler } from '#libs/messaging';
import { applyObservations } from './rollup.store.js';

/**
 * Ingested observations turned into rollups, many events through one set of statements and one
 * summary refresh. Version 1 (videos as records) is still read for events sent before version 2.
 */
export function observationEventHandlers(): EventHandler<any>[] {
  return [
    onEventBatch(ingestionEvents.recordedV2, (em, events) => applyObservations(em, events.map((e) => ({ ...e.payload, videos: fromVideoColumns(e.payload.videos) })))),
    onEventBatch(ingestionEvents.recorded, (em, events) => applyObservations(em, events.map((e) => e.payload))),
  ];
}
