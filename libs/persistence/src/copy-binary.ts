/**
 * Rows in PostgreSQL's binary COPY format, for the staging tables of bulk writes: the server
 * reads a binary uuid, timestamp or bigint several times faster than it parses the same value
 * from text (measured on 200,000 observation rows: 0.2 s against 0.7–1.2 s), and staging is
 * most of what a batch costs the server before its merge.
 *
 * Written here rather than taken from `pg-copy-streams-binary`: that package has no `uuid` or
 * `date` encoder, and builds every field through a word list of its own; this is one growing
 * buffer and an encoder per column type, chosen once per copy. Text is sent as UTF-8: the
 * databases are UTF-8, and binary COPY does no encoding conversion.
 */

/** SQL types with a binary encoder here; a staging table with any other column is copied as text. */
export const BINARY_COPY_TYPES = ['uuid', 'text', 'timestamptz', 'date', 'bigint', 'integer', 'double precision', 'jsonb'] as const;
export type BinaryCopyType = (typeof BINARY_COPY_TYPES)[number];

export const isBinaryCopyType = (type: string): type is BinaryCopyType => (BINARY_COPY_TYPES as readonly string[]).includes(type);

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** PostgreSQL's epoch for timestamps and dates. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const MS_PER_DAY = 86_400_000;
const TWO_32 = 2 ** 32;

/** A buffer that grows by doubling; `data()` is the written part. */
class Writer {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  int16(v: number): void {
    this.room(2);
    this.at = this.buf.writeInt16BE(v, this.at);
  }

  int32(v: number): void {
    this.room(4);
    this.at = this.buf.writeInt32BE(v, this.at);
  }

  /** A length-prefixed field of `n` bytes; returns where its bytes start. */
  field(n: number): number {
    this.room(4 + n);
    this.at = this.buf.writeInt32BE(n, this.at);
    const start = this.at;
    this.at += n;
    return start;
  }

  /** A 4-byte integer field (length word and value). */
  int32Field(v: number): void {
    const at = this.field(4);
    this.buf.writeInt32BE(v, at);
  }

  /** An 8-byte signed integer field from a JS number (exact up to 2^53, as the values themselves are). */
  int64(v: number): void {
    const at = this.field(8);
    const hi = Math.floor(v / TWO_32);
    this.buf.writeInt32BE(hi, at);
    this.buf.writeUInt32BE(v - hi * TWO_32, at + 4);
  }

  /** The current buffer: read it only after `field()`, which may replace it. */
  get target(): Buffer {
    return this.buf;
  }

  string(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    const start = this.field(n);
    this.buf.write(s, start, n, 'utf8');
  }

  /** Bytes without a length word (the stream's header). */
  raw(b: Buffer): void {
    this.room(b.length);
    this.at += b.copy(this.buf, this.at);
  }

  data(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** Every UTF-16 code unit's hex value, -1 for what is not a hex digit (one lookup, no range check). */
const HEX = new Int8Array(65_536).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[65 + i] = HEX[97 + i] = 10 + i;
const DASH = 45;

function writeUuid(w: Writer, v: unknown): void {
  const s = String(v);
  if (s.length !== 36 || s.charCodeAt(8) !== DASH || s.charCodeAt(13) !== DASH || s.charCodeAt(18) !== DASH || s.charCodeAt(23) !== DASH) {
    throw new Error(`cannot copy ${JSON.stringify(s)} as uuid`);
  }
  const at = w.field(16);
  const buf = w.target;
  let b = at;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (c === DASH) continue;
    const hi = HEX[c]!;
    const lo = HEX[s.charCodeAt(++i)]!;
    if ((hi | lo) < 0) throw new Error(`cannot copy ${JSON.stringify(s)} as uuid`);
    buf[b++] = (hi << 4) | lo;
  }
  if (b !== at + 16) throw new Error(`cannot copy ${JSON.stringify(s)} as uuid`);
}

/** Text, written byte by byte while it is ASCII (most keys are: a native call per short string costs more). */
function writeText(w: Writer, v: unknown): void {
  const s = typeof v === 'string' ? v : String(v);
  if (s.length <= 64) {
    let ascii = true;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 127) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      const at = w.field(s.length);
      const buf = w.target;
      for (let i = 0; i < s.length; i++) buf[at + i] = s.charCodeAt(i);
      return;
    }
  }
  w.string(s);
}

function integerOf(v: unknown, type: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'bigint' || typeof v === 'string' ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`cannot copy ${String(v)} as ${type}`);
  return n;
}

const digit = (s: string, i: number) => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** `YYYY-MM-DDTHH:MM:SS.sssZ` (what toISOString writes) read without Date.parse; NaN for any other form. */
function isoMillis(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */ || s.charCodeAt(19) !== 46 /* . */) return Number.NaN;
  if (s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return Number.NaN;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  const hour = digit(s, 11) * 10 + digit(s, 12);
  const minute = digit(s, 14) * 10 + digit(s, 15);
  const second = digit(s, 17) * 10 + digit(s, 18);
  const ms = digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22);
  if (!(month >= 1 && month <= 12 && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0)) return Number.NaN;
  const monthDays = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (!(day >= 1 && day <= monthDays)) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/**
 * Microseconds since PostgreSQL's epoch. Date.parse keeps milliseconds only, so digits after
 * the third of the fraction are added back (rounded to the microsecond, as the server rounds text).
 */
export function timestampMicros(v: unknown): number {
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) throw new Error('cannot copy an invalid Date as timestamptz');
    return (ms - PG_EPOCH_MS) * 1000;
  }
  const s = String(v);
  const fast = isoMillis(s);
  if (!Number.isNaN(fast)) return (fast - PG_EPOCH_MS) * 1000;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new Error(`cannot copy ${JSON.stringify(s)} as timestamptz`);
  const fraction = /\.(\d+)/.exec(s)?.[1] ?? '';
  let micros = 0;
  if (fraction.length > 3) {
    micros = Number(fraction.slice(3, 6).padEnd(3, '0'));
    if (fraction.length > 6 && fraction.charCodeAt(6) >= 53) micros++; // '5'..'9' rounds up
  }
  return (ms - PG_EPOCH_MS) * 1000 + micros;
}

function daysOf(v: unknown): number {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  const year = s.length === 10 && s.charCodeAt(4) === DASH && s.charCodeAt(7) === DASH ? digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3) : Number.NaN;
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  const monthDays = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (!(Number.isInteger(year) && month >= 1 && month <= 12 && day >= 1 && day <= monthDays)) throw new Error(`cannot copy ${JSON.stringify(s)} as date`);
  return (Date.UTC(year, month - 1, day) - PG_EPOCH_MS) / MS_PER_DAY;
}

type Encoder = (w: Writer, v: unknown) => void;

const ENCODERS: Record<BinaryCopyType, Encoder> = {
  uuid: writeUuid,
  text: writeText,
  timestamptz: (w, v) => w.int64(timestampMicros(v)),
  date: (w, v) => w.int32Field(daysOf(v)),
  bigint: (w, v) => w.int64(integerOf(v, 'bigint')),
  integer: (w, v) => {
    const n = integerOf(v, 'integer');
    if (n > 2_147_483_647 || n < -2_147_483_648) throw new Error(`cannot copy ${n} as integer`);
    w.int32Field(n);
  },
  'double precision': (w, v) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) throw new Error(`cannot copy ${String(v)} as double precision`);
    const at = w.field(8);
    w.target.writeDoubleBE(n, at);
  },
  // jsonb's binary form is a version byte (1) and the JSON text; a string is taken as JSON
  // text already, as the text format takes it.
  jsonb: (w, v) => w.string(`\u0001${typeof v === 'string' ? v : JSON.stringify(v)}`),
};

/** `rows` as one binary COPY stream (header, tuples, trailer) with `columns` in order. */
export function copyBinary<T>(rows: readonly T[], columns: readonly (readonly [type: BinaryCopyType, value: (row: T) => unknown])[]): Buffer {
  const w = new Writer();
  w.raw(SIGNATURE);
  w.int32(0); // flags
  w.int32(0); // header extension length
  const encoders = columns.map(([type, value]) => [ENCODERS[type], value] as const);
  for (const row of rows) {
    w.int16(encoders.length);
    for (const [encode, value] of encoders) {
      const v = value(row);
      if (v === null || v === undefined) w.int32(-1);
      else encode(w, v);
    }
  }
  w.int16(-1);
  return w.data();
}
