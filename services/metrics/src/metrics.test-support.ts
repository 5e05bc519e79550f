// Shared by metrics' integration specs (not part of the service): publishing the events metrics
// consumes, as their producers would, and the direct computation KPIs are checked against.
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  type EventContract,
  type PayloadOf,
  grantEvents,
  ingestionEvents,
  OBSERVATION_BYTES_PER_EVENT,
  profileEvents,
  type AudienceSnapshot,
  type FollowerSnapshot,
  type KpiWindow,
  type ProfileChangedPayload,
  type Scope,
  type VideoObservation,
} from '#libs/contracts';
import { buildEnvelope, chunkByJsonSize } from '#libs/messaging';

export async function publishObservations(
  nc: NatsConnection,
  records: { videos?: VideoObservation[]; followers?: FollowerSnapshot[]; audience?: AudienceSnapshot[] },
): Promise<string[]> {
  const js = jetstream(nc);
  const batchId = randomUUID();
  const all = [
    ...(records.videos ?? []).map((r) => ['videos', r] as const),
    ...(records.followers ?? []).map((r) => ['followers', r] as const),
    ...(records.audience ?? []).map((r) => ['audience', r] as const),
  ];
  const ids: string[] = [];
  for (const [part, slice] of chunkByJsonSize(all, OBSERVATION_BYTES_PER_EVENT).entries()) {
    const of = (kind: string) => slice.filter(([k]) => k === kind).map(([, r]) => r);
    const envelope = buildEnvelope(ingestionEvents.recorded, {
      aggregateId: batchId,
      aggregateVersion: part,
      payload: { batchId, part, videos: of('videos') as VideoObservation[], followers: of('followers') as FollowerSnapshot[], audience: of('audience') as AudienceSnapshot[] },
    });
    await js.publish(ingestionEvents.recorded.subject, JSON.stringify(envelope), { msgID: envelope.id });
    ids.push(envelope.id);
  }
  return ids;
}

export async function publishGrant(
  nc: NatsConnection,
  kind: keyof typeof grantEvents,
  grant: { grantId: string; agencyId: string; creatorId: string; scopes: Scope[]; version: number },
): Promise<void> {
  const status = kind === 'activated' || kind === 'scopesChanged' ? 'active' : kind;
  const payload = {
    grantId: grant.grantId,
    agencyId: grant.agencyId,
    creatorId: grant.creatorId,
    status,
    scopes: grant.scopes,
    expiresAt: null,
    actorUserId: grant.creatorId,
    at: new Date().toISOString(),
    ...(kind === 'scopesChanged' ? { previousScopes: grant.scopes } : {}),
  };
  const envelope = buildEnvelope(grantEvents[kind], { aggregateId: grant.grantId, aggregateVersion: grant.version, payload: payload as never });
  await jetstream(nc).publish(grantEvents[kind].subject, JSON.stringify(envelope), { msgID: envelope.id });
}

/** Publishes one event as its producer's outbox relay would (`Nats-Msg-Id` = envelope id); returns the envelope. */
export async function publishEvent<C extends EventContract>(nc: NatsConnection, contract: C, aggregateId: string, aggregateVersion: number, payload: PayloadOf<C>) {
  const envelope = buildEnvelope(contract, { aggregateId, aggregateVersion, payload: payload as never });
  await jetstream(nc).publish(contract.subject, JSON.stringify(envelope), { msgID: envelope.id });
  return envelope;
}

/** A creator's profile facts as roster announces them (defaults: visible, no category). */
export async function publishProfile(nc: NatsConnection, profile: Partial<ProfileChangedPayload> & { creatorId: string; version: number }): Promise<void> {
  await publishEvent(nc, profileEvents.changed, profile.creatorId, profile.version, {
    handle: `c${profile.creatorId.slice(0, 8)}`,
    displayName: `Creator ${profile.creatorId.slice(0, 8)}`,
    categories: [],
    regions: [],
    marketplaceVisible: true,
    changedAt: new Date().toISOString(),
    ...profile,
  });
}

const DAY = 86_400_000;

/**
 * KPIs computed straight from raw observations with plain arithmetic, independently of the
 * rollups: the latest observation of each video, the window's videos, sums and ratios.
 */
export function directKpis(videos: VideoObservation[], followers: FollowerSnapshot[], window: KpiWindow, now: Date) {
  const latest = new Map<string, VideoObservation>();
  for (const v of videos) {
    const cur = latest.get(v.videoId);
    const newer = !cur || Date.parse(v.observedAt) > Date.parse(cur.observedAt) || (v.observedAt === cur.observedAt && v.observationId > cur.observationId);
    if (newer) latest.set(v.videoId, v);
  }
  const byRecent = [...latest.values()].sort((a, b) => Date.parse(b.postedAt) - Date.parse(a.postedAt) || (b.videoId > a.videoId ? 1 : -1));
  const dayStart = Math.floor(now.getTime() / DAY) * DAY;
  const start = window === 'last30v' ? null : dayStart - (Number(window.slice(0, -1)) - 1) * DAY;
  const counted = start === null ? byRecent.slice(0, 30) : byRecent.filter((v) => Date.parse(v.postedAt) >= start);
  const sum = (f: (v: VideoObservation) => number) => counted.reduce((n, v) => n + f(v), 0);
  const views = sum((v) => v.views);
  const sorted = counted.map((v) => v.views).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const snapshots = [...followers].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));
  const latestFollowers = snapshots.at(-1)?.followers ?? null;
  const baselineAt = start ?? now.getTime() - 30 * DAY;
  const baseline = snapshots.filter((s) => Date.parse(s.observedAt) <= baselineAt).at(-1)?.followers ?? null;
  const counts = new Map<string, number>();
  for (const v of videos) counts.set(v.videoId, (counts.get(v.videoId) ?? 0) + 1);
  const asOf = [...counted.map((v) => v.observedAt), ...(snapshots.length ? [snapshots.at(-1)!.observedAt] : [])].sort().at(-1) ?? null;
  return {
    videos: counted.length,
    views,
    avgViews: counted.length ? views / counted.length : null,
    medianViews: !sorted.length ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    sixSecondViewRate: views ? sum((v) => v.sixSecondViews) / views : null,
    completionRate: views ? sum((v) => v.completedViews) / views : null,
    engagementRate: views ? sum((v) => v.likes + v.comments + v.shares) / views : null,
    engagements: { likes: sum((v) => v.likes), comments: sum((v) => v.comments), shares: sum((v) => v.shares) },
    followers: latestFollowers,
    followerGrowthRate: latestFollowers !== null && baseline ? (latestFollowers - baseline) / baseline : null,
    asOf: asOf && new Date(asOf).toISOString(),
    observationsCounted: counted.reduce((n, v) => n + counts.get(v.videoId)!, 0),
  };
}
