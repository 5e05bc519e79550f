import { Injectable } from '@nestjs/common';
import { grantEvents, ingestionEvents, profileEvents, type EventEnvelope, type GrantEventPayload } from '#libs/contracts';
import { onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { applyGrantEvent } from '../access/grants.projection.js';
import { applyObservations } from './rollup.store.js';
import { applyProfileEvent } from '../discovery/profiles.projection.js';
import { refreshAudienceCountries } from '../discovery/audience-countries.store.js';

/**
 * Everything metrics keeps from other services' streams (durable consumers
 * `metrics__METRICS_INGESTION`, `metrics__IDENTITY` and `metrics__ROSTER`); each event is applied in the
 * consumer's transaction with its inbox row.
 */
@Injectable()
export class MetricsEventHandlers implements EventHandlerSet {
  handlers(): EventHandler<any>[] {
    return [
      onEvent(ingestionEvents.recorded, async (em, event) => {
        await applyObservations(em, event.payload);
        await refreshAudienceCountries(em, event.payload.audience.map((a) => a.creatorId));
      }),
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
