import { seededRandom, syntheticCreator } from '#libs/synthetic-data';

/**
 * The import file: one JSON object per line, `kind` naming which ingestion door the rest of the
 * object goes through, e.g.
 *
 *   {"kind":"video","observationId":"…","creatorId":"…","videoId":"…","postedAt":"…",…}
 *   {"kind":"follower","observationId":"…","creatorId":"…","observedAt":"…","followers":1200}
 *   {"kind":"audience","observationId":"…","creatorId":"…","observedAt":"…","ages":{…},…}
 *
 * The record itself is checked by ingestion (which names the field it refuses); this module
 * only tells the kind and that the line is a JSON object.
 */
export const RECORD_KINDS = ['video', 'follower', 'audience'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The `POST /v1/ingest/<path>` of each kind. */
export const INGEST_PATH: Record<RecordKind, 'videos' | 'followers' | 'audience'> = { video: 'videos', follower: 'followers', audience: 'audience' };

export type ParsedLine = { kind: RecordKind; record: Record<string, unknown> } | { error: string };

export function toLine(kind: RecordKind, record: object): string {
  return JSON.stringify({ kind, ...record });
}

export function parseLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not a JSON object' };
  const { kind, ...record } = value as Record<string, unknown>;
  if (!RECORD_KINDS.includes(kind as RecordKind)) return { error: `kind must be one of ${RECORD_KINDS.join(', ')} (got ${JSON.stringify(kind)})` };
  return { kind: kind as RecordKind, record };
}

export interface DatasetOptions {
  seed: number;
  /** How many creators (random ids), or the ids of existing creators. */
  creators: number | readonly string[];
  videos: number;
  observationsPerVideo: number;
  days: number;
  until: Date;
}

/** A deterministic data set as import lines, creator after creator (videos, followers, audience). */
export function* syntheticLines(opts: DatasetOptions): Generator<string> {
  const rng = seededRandom(opts.seed);
  const ids = typeof opts.creators === 'number' ? Array.from({ length: opts.creators }, () => undefined) : opts.creators;
  for (const creatorId of ids) {
    const data = syntheticCreator(rng, { creatorId, videos: opts.videos, observationsPerVideo: opts.observationsPerVideo, until: opts.until, days: opts.days });
    for (const v of data.videos) yield toLine('video', v);
    for (const f of data.followers) yield toLine('follower', f);
    for (const a of data.audience) yield toLine('audience', a);
  }
}
