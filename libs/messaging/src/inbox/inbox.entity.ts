import { defineEntity, p } from '@mikro-orm/core';

/**
 * Event ids a consumer has applied, written in the handler's own transaction: a redelivered
 * event finds its row and is acknowledged without running the handler again.
 */
export const InboxEntrySchema = defineEntity({
  name: 'InboxEntry',
  tableName: 'inbox',
  properties: {
    consumer: p.text().primary(),
    eventId: p.uuid().primary(),
    processedAt: p.datetime().columnType('timestamptz'),
  },
  primaryKeys: ['consumer', 'eventId'],
});

export class InboxEntry extends InboxEntrySchema.class {}
InboxEntrySchema.setClass(InboxEntry);
