import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { auditRecordSchema } from '../common/audit-record.js';

/**
 * Actions campaigns took for a creator, for identity's audit log. Campaigns records none any
 * more (negotiation records offers sent, withdrawn and expired as its own actions); identity
 * still appends the entries already on the stream. aggregateId = the creator,
 * aggregateVersion = 0 (entries are independent; the envelope id dedupes).
 */
export const campaignsAuditEvents = {
  recorded: defineEvent({
    consumers: ['identity'],
    subject: 'campaigns.evt.action.recorded.v1',
    description: "An action campaigns took for a creator (offers sent before negotiation owned them), for identity's audit log.",
    payload: auditRecordSchema.extend({ actor: z.object({ userId: z.uuid().nullable(), orgId: z.uuid().nullable() }) }),
  }),
} as const;
