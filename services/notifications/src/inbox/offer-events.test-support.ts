import { randomUUID } from 'node:crypto';

/** The fields every offer event carries, for a new offer of `brandId` to `creatorId` after a counter by the brand. */
export function offerEventBase(brandId: string, creatorId: string) {
  return {
    offerId: randomUUID(),
    campaignId: randomUUID(),
    creatorId,
    brandId,
    occurredAt: new Date().toISOString(),
    status: 'changes_proposed' as const,
    workStatus: null,
    version: 2,
    actor: { side: 'brand' as const, userId: randomUUID(), onBehalfOf: null, grantId: null },
  };
}
