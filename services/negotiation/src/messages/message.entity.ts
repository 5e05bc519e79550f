import { defineEntity, p } from '@mikro-orm/core';
import { SIDES } from '#libs/contracts';

/** The thread of an offer; `seq` orders it (assigned under the offer's lock, unique per offer). */
export const MessageSchema = defineEntity({
  name: 'Message',
  tableName: 'messages',
  properties: {
    id: p.uuid().primary(),
    offerId: p.uuid(),
    seq: p.integer(),
    side: p.enum(SIDES),
    authorUserId: p.uuid(),
    onBehalfOf: p.uuid().strictNullable(),
    grantId: p.uuid().strictNullable(),
    body: p.text(),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
export class Message extends MessageSchema.class {}
MessageSchema.setClass(Message);
