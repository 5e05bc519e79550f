import { Injectable } from '@nestjs/common';
import { grantEvents, ingestionEvents, profileEvents, type EventEnvelope, type GrantEventPayload } from '#libs/contracts';
import { onEvent, onEventBatch, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { applyGrantEvent } from '../access/grants.projection.js';
import { applyObservations } from './rollup.store.js';
import { applyProfileEvent } from '../discovery/profiles.projection.js';

/**
 * Everything metrics keeps from other services' streams (durable consumers
 * `metrics__METRICS_INGESTION`, `metrics__IDENTITY` and `metrics__ROSTER`); each event is applied in the
 * consumer's transaction with its inbox row (observations several events at a time).
 */
@Injectable()
export class MetricsEventHandlers implements EventHandlerSet {
  handlers(): EventHandler<any>[] {
    return [
      // Observations of many events go through one set of statements and one summary refresh.
      onEventBatch(ingestionEvents.recorded, (em, events) => applyObservations(em, events.map((e) => e.payload))),
      ...Object.values(grantEvents).map((contract) =>
        onEvent(contract, async (em, event) => {
          await applyGrantEvent(em, event as EventEnvelope<GrantEventPayload>);
        }),
      ),
      onEvent(profileEvents.changed, async (em, event) => {
        await applyProfileEvent(em, event);
      }),
    ];
  }
}
