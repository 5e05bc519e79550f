import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { auditRecordSchema } from '../common/audit-record.js';
import { isoTime } from '../common/time.js';
import { moneySchema } from '../common/money.js';
import { campaignStatusSchema } from './campaigns.schemas.js';

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

/** What every change of a campaign tells: where it stands after it, and who made it. */
const campaignChangePayload = z.object({
  campaignId: z.uuid(),
  brandId: z.uuid(),
  status: campaignStatusSchema,
  /** The campaign's version after the change. */
  version: z.number().int().positive(),
  budget: moneySchema,
  actorUserId: z.uuid(),
  at: isoTime,
});

/**
 * A brand's campaign changed, from campaigns' outbox in the change's transaction.
 * aggregateId = the campaign, aggregateVersion = its version after the change.
 */
export const campaignEvents = {
  edited: defineEvent({
    subject: 'campaigns.evt.campaign.edited.v1',
    description: 'A brand member edited a campaign; `fields` names what changed.',
    payload: campaignChangePayload.extend({ fields: z.array(z.string()).min(1) }),
  }),
  paused: defineEvent({
    subject: 'campaigns.evt.campaign.paused.v1',
    description: 'A campaign was paused: it takes no new offers until resumed.',
    payload: campaignChangePayload,
  }),
  resumed: defineEvent({
    subject: 'campaigns.evt.campaign.resumed.v1',
    description: 'A paused campaign was resumed: it takes new offers again.',
    payload: campaignChangePayload,
  }),
  closed: defineEvent({
    subject: 'campaigns.evt.campaign.closed.v1',
    description: 'A campaign was closed for good: no new offers; deals already made go on.',
    payload: campaignChangePayload,
  }),
} as const;

export type CampaignChangePayload = z.infer<typeof campaignChangePayload>;
