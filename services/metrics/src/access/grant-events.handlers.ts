import { grantEvents, type EventEnvelope, type GrantEventPayload } from '#libs/contracts';
import { onEvent, type EventHandler } from '#libs/messaging';
import { applyGrantEvent } from './grants.projection.js';

/** Identity's grant events, kept as metrics' copy of who may read which creator. */
export function grantEventHandlers(): EventHandler<any>[] {
  return Object.values(grantEvents).map((contract) =>
    onEvent(contract, async (em, event) => {
      await applyGrantEvent(em, event as EventEnvelope<GrantEventPayload>);
    }),
  );
}
