import { Inject, Injectable } from '@nestjs/common';
import { identityContracts, type GrantFacts, type Principal } from '#libs/contracts';
import { SERVICE_CONFIG } from '#libs/service-defaults';
import { Downstream } from '../downstream/downstream.js';
import type { AuthConfig } from './auth.config.js';
import { ExpiringMap } from './expiring-map.js';

const MAX_ENTRIES = 10_000;

export type GrantFetcher = (principal: Principal, creatorId: string) => Promise<GrantFacts | null>;

/**
 * The grant in force between an agency and a creator, cached per gateway instance for
 * GRANT_CACHE_TTL_MS. Correctness does not rest on the TTL:
 *  - every grant event (activated, revoked, expired, scopes-changed) drops its pair at once
 *    (GrantEventsListener), on every instance;
 *  - nothing is cached while that event feed is not known to be live, and every change of
 *    liveness (the feed dropping, reopening, reconnecting) starts a new generation: an answer
 *    fetched before the feed reopened may predate an event it missed, so it is not stored;
 *  - an answer fetched while any invalidation happened is used once but not stored (so a
 *    revocation racing a fetch cannot leave a stale "active" behind);
 *  - expiry is checked by the policy at decision time, cached or not.
 */
export class GrantCacheCore {
  private readonly entries = new ExpiringMap<GrantFacts | null>(MAX_ENTRIES);
  private generation = 0;
  private live = false;
  hits = 0;
  misses = 0;

  constructor(
    private readonly fetch: GrantFetcher,
    private readonly ttlMs: number,
  ) {}

  private static key(agencyId: string, creatorId: string) {
    return `${agencyId}:${creatorId}`;
  }

  async lookup(principal: Principal, creatorId: string): Promise<GrantFacts | null> {
    if (principal.orgKind !== 'agency' || !principal.orgId) return null; // only agencies hold grants
    const key = GrantCacheCore.key(principal.orgId, creatorId);
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.hits++;
      return hit;
    }
    this.misses++;
    const generation = this.generation;
    const { actingFor: _ignored, ...asked } = principal;
    const grant = await this.fetch(asked, creatorId);
    if (this.live && this.ttlMs > 0 && generation === this.generation) {
      const expiry = grant?.expiresAt ? Date.parse(grant.expiresAt) : Number.POSITIVE_INFINITY;
      this.entries.set(key, grant, Math.min(Date.now() + this.ttlMs, expiry));
    }
    return grant;
  }

  /** A grant of this pair changed: forget it here. */
  invalidate(agencyId: string, creatorId: string): void {
    this.generation++;
    this.entries.delete(GrantCacheCore.key(agencyId, creatorId));
  }

  /** The event feed may have missed something (reconnect, consumer reset): forget everything. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Whether invalidations are arriving; while false nothing is cached. */
  setLive(live: boolean): void {
    this.clear();
    this.live = live;
  }

  isLive(): boolean {
    return this.live;
  }

  /** What this instance would answer from cache for the pair now (tests, diagnostics). */
  peek(agencyId: string, creatorId: string): GrantFacts | null | undefined {
    return this.entries.get(GrantCacheCore.key(agencyId, creatorId));
  }
}

@Injectable()
export class GrantCache extends GrantCacheCore {
  constructor(@Inject(Downstream) downstream: Downstream, @Inject(SERVICE_CONFIG) config: AuthConfig) {
    super(async (principal, creatorId) => (await downstream.call(identityContracts.grantsCheck, { creatorId }, { principal })).grant, config.GRANT_CACHE_TTL_MS);
  }
}
