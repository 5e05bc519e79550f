import type { StreamConfig } from '@nats-io/jetstream';

/** One field of a stream whose configuration is not the registry's. */
export interface StreamDrift {
  field: string;
  expected: unknown;
  actual: unknown;
}

/**
 * The fields that decide what a stream captures, where its messages come from or go, and
 * whether what was accepted stays: subjects (capture of others' requests), sources and mirror
 * (copies of other streams), republish, sealing, retention and discard, every limit, and the
 * delete/purge/rollup rights. Replicas, storage and the duplicate window are operations'
 * business and are not compared.
 */
const DEFAULTS = {
  subjects: [] as string[],
  sources: null as unknown,
  mirror: null as unknown,
  republish: null as unknown,
  sealed: false,
  retention: 'limits',
  discard: 'old',
  max_msgs: -1,
  max_bytes: -1,
  max_age: 0,
  max_msg_size: -1,
  max_msgs_per_subject: -1,
  max_consumers: -1,
  deny_delete: false,
  deny_purge: false,
  allow_rollup_hdrs: false,
  no_ack: false,
} as const;

type Compared = keyof typeof DEFAULTS;
export const COMPARED_STREAM_FIELDS = Object.keys(DEFAULTS) as Compared[];

/** Objects with their keys sorted and empty values dropped, so equal settings print equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, canonical(v)] as const);
    return Object.fromEntries(entries);
  }
  return value;
}

function normalize(field: Compared, value: unknown): unknown {
  if (value === undefined || value === null) return DEFAULTS[field];
  if (field === 'subjects') return [...(value as string[])].sort();
  // Limits are "unlimited" as -1 or 0 depending on the field and server version.
  if (typeof DEFAULTS[field] === 'number' && (value === 0 || value === -1)) return DEFAULTS[field];
  if (Array.isArray(value) && value.length === 0) return DEFAULTS[field];
  return canonical(value);
}

/**
 * How `actual` (a stream as the server reports it) differs from `expected` (as the registry
 * says it must be), field by field; empty when they agree. Fields `expected` leaves out must
 * have the server's defaults.
 */
export function streamConfigDrift(expected: Partial<StreamConfig>, actual: Partial<StreamConfig>): StreamDrift[] {
  const drift: StreamDrift[] = [];
  for (const field of COMPARED_STREAM_FIELDS) {
    const want = normalize(field, expected[field]);
    const have = normalize(field, actual[field]);
    if (JSON.stringify(want) !== JSON.stringify(have)) drift.push({ field, expected: want, actual: have });
  }
  return drift;
}

/** `field is <actual>, the registry says <expected>` for each difference, joined for a log line or an error. */
export function describeStreamDrift(stream: string, drift: readonly StreamDrift[]): string {
  const show = (v: unknown) => (v === null ? 'none' : JSON.stringify(v));
  const parts = drift.map((d) => `${d.field} is ${show(d.actual)}, the registry says ${show(d.expected)}`);
  return `stream ${stream} is not configured as the registry says: ${parts.join('; ')}`;
}
