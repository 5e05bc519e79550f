import { defineEntity, p } from '@mikro-orm/core';
import { SIDES, type Actor, type Settlement } from '#libs/contracts';

/** A request to end accepted work by agreement, its answer and, once accepted, the settlement. */
export const CancellationSchema = defineEntity({
  name: 'Cancellation',
  tableName: 'cancellations',
  properties: {
    id: p.uuid().primary(),
    offerId: p.uuid(),
    status: p.enum(['requested', 'accepted', 'declined'] as const),
    requestedSide: p.enum(SIDES),
    requestedBy: p.json<Actor>().columnType('jsonb'),
    reason: p.text(),
    requestedAt: p.datetime().columnType('timestamptz'),
    answeredBy: p.json<Actor>().columnType('jsonb').strictNullable(),
    answeredAt: p.datetime().columnType('timestamptz').strictNullable(),
    declineReason: p.text().strictNullable(),
    settlement: p.json<Settlement>().columnType('jsonb').strictNullable(),
  },
});
export class Cancellation extends CancellationSchema.class {}
CancellationSchema.setClass(Cancellation);
