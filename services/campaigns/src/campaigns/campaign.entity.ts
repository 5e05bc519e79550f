import { defineEntity, p } from '@mikro-orm/core';
import type { CampaignDeliverable, Money, TargetAudience } from '#libs/contracts';

/**
 * A brand's campaign. The brand's name is copied in at creation (from identity, once) so tab
 * rows and lists never call identity per read.
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
    createdBy: p.uuid(),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
export class Campaign extends CampaignSchema.class {}
CampaignSchema.setClass(Campaign);
