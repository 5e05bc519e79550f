import { profileEvents } from '#libs/contracts';
import { onEvent, type EventHandler } from '#libs/messaging';
import { applyProfileEvent } from './profiles.projection.js';

/** Roster's profile events, kept for discovery and for what brands may see. */
export function profileEventHandlers(): EventHandler<any>[] {
  return [
    onEvent(profileEvents.changed, async (em, event) => {
      await applyProfileEvent(em, event);
    }),
  ];
}
