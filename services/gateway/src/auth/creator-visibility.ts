import { rosterContracts, type Principal } from '#libs/contracts';
import type { Downstream } from '../downstream/downstream.js';

/** How long a creator's marketplace visibility is reused: a creator who hides is hidden from brands within this. */
export const VISIBILITY_TTL_MS = 5_000;

interface Entry {
  visible: boolean;
  until: number;
}

const caches = new WeakMap<Downstream, Map<string, Entry>>();
const MAX_ENTRIES = 10_000;

/**
 * Whether brands may see a creator (roster owns `marketplaceVisible`), cached briefly per
 * gateway. When roster cannot answer, the creator counts as hidden: brands get 404, never
 * more than they may see.
 */
export async function visibleToBrands(downstream: Downstream, principal: Principal, creatorId: string, now = Date.now()): Promise<boolean> {
  let cache = caches.get(downstream);
  if (!cache) caches.set(downstream, (cache = new Map()));
  const hit = cache.get(creatorId);
  if (hit && hit.until > now) return hit.visible;
  try {
    const { items } = await downstream.call(rosterContracts.visibility, { creatorIds: [creatorId] }, { principal });
    const visible = items.find((i) => i.creatorId === creatorId)?.marketplaceVisible ?? false;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(creatorId, { visible, until: now + VISIBILITY_TTL_MS });
    return visible;
  } catch {
    return false;
  }
}
