import { Injectable } from '@nestjs/common';
import type { EventHandler, EventHandlerSet } from '#libs/messaging';
import { grantEventHandlers } from './access/grant-events.handlers.js';
import { profileEventHandlers } from './discovery/profile-events.handlers.js';
import { observationEventHandlers } from './rollups/observation-events.handlers.js';

/**
 * Everything metrics keeps from other services' streams under one consumer name (durables
 * `metrics__METRICS_INGESTION`, `metrics__IDENTITY` and `metrics__ROSTER`); each area files the
 * handlers of what it projects, and each event applies in the consumer's transaction with its
 * inbox row.
 */
@Injectable()
export class MetricsEventHandlers implements EventHandlerSet {
  handlers(): EventHandler<any>[] {
    return [...observationEventHandlers(), ...grantEventHandlers(), ...profileEventHandlers()];
  }
}
