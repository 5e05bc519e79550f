import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { isoTime } from '../identity/identity.schemas.js';
import { auditRecordSchema } from '../common/audit-record.js';
import { rateItemSchema } from './roster.schemas.js';

/**
 * Rate-card changes, published through roster's outbox so other services (campaigns' rate
 * floor) keep their own copy. aggregateId = creatorId, aggregateVersion = the card's version:
 * a consumer keeps the newest version it has seen and ignores older ones.
 */
export const rateEvents = {
  changed: defineEvent({
    subject: 'roster.evt.rates.changed.v1',
    description: "A creator's rate card changed; `items` is the whole new card (an empty list: no rates).",
    payload: z.object({
      creatorId: z.uuid(),
      version: z.number().int().positive(),
      items: z.array(rateItemSchema),
      changedAt: isoTime,
      /** The user who wrote it (the creator, or an agency member acting through a grant). */
      changedBy: z.uuid(),
    }),
  }),
} as const;

export type RatesChangedPayload = z.infer<typeof rateEvents.changed.payload>;

/**
 * Every write roster makes for a creator, for identity's audit log; enqueued in the write's own
 * transaction so the log misses nothing. aggregateId = the creator (or the agency for roster
 * changes), aggregateVersion = 0 (entries are independent; the envelope id dedupes).
 */
export const rosterAuditEvents = {
  recorded: defineEvent({
    subject: 'roster.evt.action.recorded.v1',
    description: "An action roster took on someone's behalf, to be appended to identity's audit log.",
    payload: auditRecordSchema,
  }),
} as const;
