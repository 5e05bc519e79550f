import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { headers, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { DLQ_HEADERS } from '../inbox/dead-letter.js';
import { DEAD_LETTER_STREAM, deadLetterSubject } from '../events/streams.js';

/** A dead letter as stored on `dlq.<STREAM>.<consumer>`: the original message plus why it was parked. */
export interface DeadLetter {
  /** Its sequence on the dead-letter stream (what `replay` removes). */
  seq: number;
  consumer: string;
  stream: string;
  subject: string;
  /** Sequence of the original message on its stream. */
  originalSeq: number;
  deliveries: number;
  reason: string;
  at: string;
  /** The envelope's event id when the body is one. */
  eventId: string | null;
  data: Uint8Array;
  headers: MsgHdrs;
}

export interface DeadLetterQuery {
  /** Producer stream the dead letters came from, e.g. `IDENTITY`. */
  stream: string;
  /** Only those a given consumer parked (the consumer name, not the durable). */
  consumer?: string;
  /** At most this many, oldest first. */
  limit?: number;
}

export interface ReplayResult {
  replayed: DeadLetter[];
}

/** Marks a replayed copy; the original's dead-letter sequence, for tracing it back. */
export const REPLAYED_FROM_HEADER = 'tp-dlq-replayed-from';

const FETCH_BATCH = 256;

function eventIdOf(data: Uint8Array): string | null {
  try {
    const id = (JSON.parse(new TextDecoder().decode(data)) as { id?: unknown }).id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

function toDeadLetter(msg: JsMsg): DeadLetter {
  const h = msg.headers;
  const get = (key: string) => h?.get(key) ?? '';
  return {
    seq: msg.seq,
    consumer: get(DLQ_HEADERS.consumer),
    stream: get(DLQ_HEADERS.stream),
    subject: get(DLQ_HEADERS.subject),
    originalSeq: Number(get(DLQ_HEADERS.sequence)) || 0,
    deliveries: Number(get(DLQ_HEADERS.deliveries)) || 0,
    reason: get(DLQ_HEADERS.reason),
    at: get(DLQ_HEADERS.at),
    eventId: eventIdOf(msg.data),
    data: msg.data,
    headers: h ?? headers(),
  };
}

function filterOf(query: DeadLetterQuery): string {
  return query.consumer ? deadLetterSubject(query.stream, query.consumer) : `dlq.${query.stream}.>`;
}

/** Dead letters of `query.stream` (optionally one consumer's), oldest first, without removing them. */
export async function listDeadLetters(nc: NatsConnection, query: DeadLetterQuery): Promise<DeadLetter[]> {
  const filter = filterOf(query);
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(DEAD_LETTER_STREAM, { subjects_filter: filter });
  const stored = Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
  const wanted = Math.min(stored, query.limit ?? Number.POSITIVE_INFINITY);
  if (wanted <= 0) return [];
  // An ordered consumer reads without acking or disturbing anything; it goes away by itself.
  const reader = await jetstream(nc).consumers.get(DEAD_LETTER_STREAM, { filter_subjects: filter });
  const out: DeadLetter[] = [];
  while (out.length < wanted) {
    const before = out.length;
    const batch = await reader.fetch({ max_messages: Math.min(FETCH_BATCH, wanted - out.length), expires: 2_000 });
    for await (const msg of batch) out.push(toDeadLetter(msg));
    if (out.length === before) break;
  }
  return out.slice(0, wanted);
}

/**
 * Sends dead letters back to their original subject and stream, then removes them from the
 * dead-letter stream. Every consumer of that stream sees the event again; those that applied it
 * already skip it through their inbox, so only the consumer that failed applies it.
 *
 * The copy gets a new `Nats-Msg-Id` (the original id would fall in the stream's duplicate window
 * and be dropped) that is stable per dead letter, so re-running a replay interrupted between the
 * publish and the removal does not send it twice within the window — and after it, the inbox does.
 */
export async function replayDeadLetters(nc: NatsConnection, query: DeadLetterQuery): Promise<ReplayResult> {
  const letters = await listDeadLetters(nc, query);
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const replayed: DeadLetter[] = [];
  for (const letter of letters) {
    if (!letter.subject || !letter.stream) continue; // not written by publishDeadLetter: leave it for a human
    const hdrs = headers();
    for (const [key, values] of letter.headers) {
      const lower = key.toLowerCase();
      if (lower.startsWith('tp-dlq-') || lower.startsWith('nats-')) continue;
      for (const value of values) hdrs.append(key, value);
    }
    hdrs.set(REPLAYED_FROM_HEADER, String(letter.seq));
    await js.publish(letter.subject, letter.data, {
      msgID: `replay:${DEAD_LETTER_STREAM}:${letter.seq}`,
      headers: hdrs,
      expect: { streamName: letter.stream },
    });
    await jsm.streams.deleteMessage(DEAD_LETTER_STREAM, letter.seq, false);
    replayed.push(letter);
  }
  return { replayed };
}
