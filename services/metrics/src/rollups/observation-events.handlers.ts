import { ingestionEvents } from '#libs/contracts';
import { onEventBatch, type EventHandler } from '#libs/messaging';
import { applyObservations } from './rollup.store.js';

/** Ingested observations turned into rollups, many events through one set of statements and one summary refresh. */
export function observationEventHandlers(): EventHandler<any>[] {
  return [onEventBatch(ingestionEvents.recorded, (em, events) => applyObservations(em, events.map((e) => e.payload)))];
}
