import { defineEntity, p } from '@mikro-orm/core';

/**
 * A read-only link to a campaign's results. Only the token's SHA-256 is kept; who created and
 * who revoked it stay on the row (and go out as events) as its audit record.
 */
export const ShareLinkSchema = defineEntity({
  name: 'ShareLink',
  tableName: 'share_links',
  properties: {
    id: p.uuid().primary(),
    campaignId: p.uuid(),
    brandId: p.uuid(),
    tokenHash: p.text().unique(),
    expiresAt: p.datetime().columnType('timestamptz'),
    createdBy: p.uuid(),
    createdAt: p.datetime().columnType('timestamptz'),
    revokedAt: p.datetime().columnType('timestamptz').strictNullable(),
    revokedBy: p.uuid().strictNullable(),
  },
});
export class ShareLink extends ShareLinkSchema.class {}
ShareLinkSchema.setClass(ShareLink);
