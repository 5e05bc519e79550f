import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { auditRecordSchema } from '../common/audit-record.js';

/**
 * Every write campaigns makes for a creator, for identity's audit log; enqueued in the write's
 * own transaction so the log misses nothing. aggregateId = the creator, aggregateVersion = 0
 * (entries are independent; the envelope id dedupes).
 */
export const campaignsAuditEvents = {
  recorded: defineEvent({
    consumers: ['identity'],
    subject: 'campaigns.evt.action.recorded.v1',
    description: "An action campaigns took for a creator (an offer sent), for identity's audit log.",
    payload: auditRecordSchema.extend({ actor: z.object({ userId: z.uuid().nullable(), orgId: z.uuid().nullable() }) }),
  }),
} as const;
