import { Inject, Injectable } from '@nestjs/common';
import { rosterContracts, type Principal } from '#libs/contracts';
import { Downstream } from '../downstream/downstream.js';

/** How long a creator's marketplace visibility is reused: a creator who hides is hidden from brands within this. */
export const VISIBILITY_TTL_MS = 5_000;

const MAX_ENTRIES = 10_000;

/** Roster's answer for one creator: may brands see them? */
export type VisibilityFetcher = (principal: Principal, creatorId: string) => Promise<boolean>;

/**
 * Whether brands may see a creator (roster owns `marketplaceVisible`), cached briefly by each
 * gateway instance. When roster cannot answer, the creator counts as hidden — brands get 404,
 * never more than they may see — and that fallback is not cached, so the next request asks again.
 */
export class CreatorVisibilityCore {
  private readonly entries = new Map<string, { visible: boolean; until: number }>();

  constructor(
    private readonly fetch: VisibilityFetcher,
    private readonly ttlMs = VISIBILITY_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async visibleToBrands(principal: Principal, creatorId: string): Promise<boolean> {
    const asked = this.now();
    const hit = this.entries.get(creatorId);
    if (hit && hit.until > asked) return hit.visible;
    let visible: boolean;
    try {
      visible = await this.fetch(principal, creatorId);
    } catch {
      return false;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(creatorId, { visible, until: asked + this.ttlMs });
    return visible;
  }
}

@Injectable()
export class CreatorVisibility extends CreatorVisibilityCore {
  constructor(@Inject(Downstream) downstream: Downstream) {
    super(async (principal, creatorId) => {
      const { items } = await downstream.call(rosterContracts.visibility, { creatorIds: [creatorId] }, { principal });
      return items.find((i) => i.creatorId === creatorId)?.marketplaceVisible ?? false;
    });
  }
}
