import { defineEntity, p } from '@mikro-orm/core';
import type { EventEnvelope } from '#libs/contracts';

/**
 * One row per event, written in the same transaction as the state change it describes, so an
 * event exists if and only if its change committed. The relay publishes it afterwards.
 */
export const OutboxMessageSchema = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox',
  properties: {
    /** The event id: also the `Nats-Msg-Id`, so JetStream drops a re-sent copy. */
    id: p.uuid().primary(),
    subject: p.text(),
    envelope: p.json<EventEnvelope>().columnType('jsonb'),
    /** W3C context of the code that raised the event; the publish span continues that trace. */
    traceCarrier: p.json<Record<string, string>>().columnType('jsonb'),
    occurredAt: p.datetime().columnType('timestamptz'),
    publishedAt: p.datetime().columnType('timestamptz').nullable(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    /** Set when the relay gave up on the row (it can never be published as is); `parkedReason` says why. */
    parkedAt: p.datetime().columnType('timestamptz').nullable(),
    parkedReason: p.text().nullable(),
  },
  indexes: [
    // The relay only ever scans what is still pending; published rows cost it nothing.
    { name: 'outbox_pending_idx', properties: ['occurredAt'], where: { publishedAt: null, parkedAt: null } },
    { name: 'outbox_parked_idx', properties: ['parkedAt'], where: { parkedAt: { $ne: null } } },
  ],
});

export class OutboxMessage extends OutboxMessageSchema.class {}
OutboxMessageSchema.setClass(OutboxMessage);
