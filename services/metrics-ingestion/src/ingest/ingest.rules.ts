import {
  fieldErrors,
  observationSchemas,
  type AudienceSnapshot,
  type FollowerSnapshot,
  type ObservationKind,
  type VideoObservation,
} from '#libs/contracts';

/**
 * Which records of a batch are kept, which are refused and why, and which kept ones are
 * flagged. Pure: the service stores what this module lets through.
 */

export interface ObservationOf {
  videos: VideoObservation;
  followers: FollowerSnapshot;
  audience: AudienceSnapshot;
}

/** Clock skew tolerated between a connector and us before an observation counts as "from the future". */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface ScreenedBatch<K extends ObservationKind> {
  /** Valid records, first occurrence of each observationId, with their index in the batch. */
  valid: { index: number; record: ObservationOf[K] }[];
  rejected: { index: number; reason: string }[];
  /** Repeats of an observationId earlier in the same batch. */
  repeatedInBatch: number;
}

function reasonOf(errors: { path: string; message: string }[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('; ');
}

export function screenBatch<K extends ObservationKind>(kind: K, records: readonly unknown[], now: Date): ScreenedBatch<K> {
  const schema = observationSchemas[kind];
  const seen = new Set<string>();
  const out: ScreenedBatch<K> = { valid: [], rejected: [], repeatedInBatch: 0 };
  const latestAllowed = now.getTime() + MAX_CLOCK_SKEW_MS;
  records.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      out.rejected.push({ index, reason: reasonOf(fieldErrors(parsed.error)) });
      return;
    }
    const record = parsed.data as ObservationOf[K];
    if (Date.parse(record.observedAt) > latestAllowed) {
      out.rejected.push({ index, reason: 'observedAt: is in the future' });
      return;
    }
    if (seen.has(record.observationId)) {
      out.repeatedInBatch++;
      return;
    }
    seen.add(record.observationId);
    out.valid.push({ index, record });
  });
  return out;
}

const COUNTERS = ['views', 'sixSecondViews', 'completedViews', 'likes', 'comments', 'shares'] as const;
type Counters = Pick<VideoObservation, (typeof COUNTERS)[number]>;

/**
 * Counters of a video only grow; a lower value than the previous observation (by
 * `observedAt`) is kept, because the platform said so, but never silently: this says why.
 */
export function regressionOf(previous: Counters & { observedAt: string }, next: Counters): string | null {
  const dropped = COUNTERS.filter((c) => next[c] < previous[c]).map((c) => `${c} ${previous[c]} → ${next[c]}`);
  return dropped.length ? `counters went down since the observation of ${previous.observedAt}: ${dropped.join(', ')}` : null;
}
