import { defineEntity, p } from '@mikro-orm/core';
import { CAMPAIGN_STATUSES, type CampaignDeliverable, type Money, type TargetAudience } from '#libs/contracts';

/**
 * A brand's campaign. The brand's name is copied in at creation (from identity, once) so tab
 * rows and lists never call identity per read. `version` counts every change (optimistic
 * concurrency for edits; the aggregate version of its events).
 */
export const CampaignSchema = defineEntity({
  name: 'Campaign',
  tableName: 'campaigns',
  properties: {
    id: p.uuid().primary(),
    brandId: p.uuid(),
    brandName: p.text(),
    name: p.text(),
    brief: p.text(),
    objectives: p.json<string[]>().columnType('jsonb'),
    budget: p.json<Money>().columnType('jsonb'),
    startsAt: p.datetime().columnType('timestamptz'),
    endsAt: p.datetime().columnType('timestamptz'),
    deliverables: p.json<CampaignDeliverable[]>().columnType('jsonb'),
    targetAudience: p.json<TargetAudience>().columnType('jsonb'),
    status: p.enum(CAMPAIGN_STATUSES),
    createdBy: p.uuid(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
    version: p.integer().version(),
  },
});
export class Campaign extends CampaignSchema.class {}
CampaignSchema.setClass(Campaign);

/** Who changed a campaign, what and when: campaigns' own append-only log, written in the change's transaction. */
export const CampaignAuditEntrySchema = defineEntity({
  name: 'CampaignAuditEntry',
  tableName: 'campaign_audit',
  properties: {
    id: p.uuid().primary(),
    campaignId: p.uuid(),
    /** e.g. `campaign.edited`, `campaign.paused`. */
    action: p.text(),
    actorUserId: p.uuid(),
    actorOrgId: p.uuid().strictNullable(),
    at: p.datetime().columnType('timestamptz'),
    /** The campaign's version after the change. */
    version: p.integer(),
    traceId: p.text().strictNullable(),
    details: p.json<Record<string, unknown>>().columnType('jsonb'),
  },
});
export class CampaignAuditEntry extends CampaignAuditEntrySchema.class {}
CampaignAuditEntrySchema.setClass(CampaignAuditEntry);
