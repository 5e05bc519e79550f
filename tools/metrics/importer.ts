import { createReadStream } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { parseLine, RECORD_KINDS, type RecordKind } from './ndjson-format.js';

/** What ingestion answers for one batch (`202` of `POST /v1/ingest/*`). */
export interface BatchResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; reason: string }[];
}

/** Sends one batch of one kind (at most `batchSize` records); resolves once ingestion acknowledged it. */
export type SendBatch = (kind: RecordKind, records: Record<string, unknown>[], signal: AbortSignal) => Promise<BatchResult>;

export interface Rejection {
  /** 1-based line number in the file. */
  line: number;
  kind?: RecordKind;
  reason: string;
}

export interface ImportTotals {
  /** Lines read and acknowledged (records plus lines refused before sending). */
  lines: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/**
 * The checkpoint beside the file: everything before `offset` (byte) / `line` was acknowledged
 * by ingestion. A re-run starts there; the batch in flight when the import stopped is sent
 * again, which ingestion counts as duplicates (observation ids are idempotent).
 */
export interface ImportCheckpoint extends ImportTotals {
  size: number;
  mtimeMs: number;
  offset: number;
  complete: boolean;
  updatedAt: string;
}

export interface ImportProgress extends ImportTotals {
  /** Lines in the whole file. */
  total: number;
  /** Lines already done when this run started (resumed from the checkpoint). */
  resumedAt: number;
}

export interface ImportOptions {
  file: string;
  send: SendBatch;
  /** Records per request (ingestion takes at most 10,000). */
  batchSize?: number;
  /** Batches in flight at once; checkpoints still advance in file order. */
  concurrency?: number;
  /** Where the checkpoint lives; `<file>.import-state.json` by default. */
  statePath?: string;
  /** Ignore an existing checkpoint and import the file from its first line. */
  restart?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  onRejected?: (r: Rejection) => void;
}

export interface ImportSummary extends ImportProgress {
  /** Nothing to do: the checkpoint says this file was imported in full. */
  alreadyComplete: boolean;
}

export const MAX_BATCH = 10_000;
const NEWLINE = 0x0a;

export const defaultStatePath = (file: string) => `${file}.import-state.json`;

export class ImportError extends Error {}

/** Lines in a file (a last line without a newline counts), read in chunks without decoding. */
export async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = NEWLINE;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) lines++;
    if (chunk.length) last = chunk[chunk.length - 1]!;
  }
  return last === NEWLINE ? lines : lines + 1;
}

/** The file's lines from byte `start` on, each with the byte offset just past it. */
async function* linesFrom(file: string, start: number, signal?: AbortSignal): AsyncGenerator<{ text: string; end: number }> {
  let pending: Buffer = Buffer.alloc(0);
  let pos = start;
  for await (const chunk of createReadStream(file, { start, signal }) as AsyncIterable<Buffer>) {
    let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let from = 0;
    for (let i = buf.indexOf(NEWLINE); i !== -1; i = buf.indexOf(NEWLINE, from)) {
      pos += i - from + 1;
      yield { text: buf.toString('utf8', from, i), end: pos };
      from = i + 1;
    }
    buf = buf.subarray(from);
    pending = buf;
  }
  if (pending.length) yield { text: pending.toString('utf8'), end: pos + pending.length };
}

async function readCheckpoint(path: string): Promise<ImportCheckpoint | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ImportCheckpoint;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ImportError(`cannot read the checkpoint ${path}: ${(err as Error).message}`);
  }
}

async function writeCheckpoint(path: string, checkpoint: ImportCheckpoint): Promise<void> {
  // Write then rename, so a crash mid-write leaves the previous checkpoint, never half of one.
  await writeFile(`${path}.tmp`, JSON.stringify(checkpoint, null, 2));
  await rename(`${path}.tmp`, path);
}

interface Batch {
  end: number;
  lines: number;
  refused: Rejection[];
  byKind: Map<RecordKind, { records: Record<string, unknown>[]; lineNumbers: number[] }>;
}

/**
 * Streams an NDJSON file of observations into ingestion in batches and keeps a checkpoint
 * after every acknowledged batch, so an interrupted import (Ctrl-C, crash, lost connection)
 * continues where it stopped. Records ingestion refuses, and lines that are not records, are
 * reported with their line number and go no further; they do not stop the import.
 */
export async function importNdjson(opts: ImportOptions): Promise<ImportSummary> {
  const batchSize = opts.batchSize ?? 5_000;
  if (!(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= MAX_BATCH)) throw new ImportError(`batch size must be between 1 and ${MAX_BATCH}`);
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  const statePath = opts.statePath ?? defaultStatePath(opts.file);
  const info = await stat(opts.file).catch((err: Error) => {
    throw new ImportError(`cannot read ${opts.file}: ${err.message}`);
  });
  const total = await countLines(opts.file);

  const checkpoint = opts.restart ? undefined : await readCheckpoint(statePath);
  if (checkpoint && (checkpoint.size !== info.size || checkpoint.mtimeMs !== info.mtimeMs)) {
    throw new ImportError(`${opts.file} changed since its checkpoint ${statePath} was written; import it from the start with --restart`);
  }
  const resumedAt = checkpoint?.lines ?? 0;
  const totals: ImportTotals = { lines: resumedAt, accepted: checkpoint?.accepted ?? 0, duplicates: checkpoint?.duplicates ?? 0, rejected: checkpoint?.rejected ?? 0 };
  const progress = (): ImportProgress => ({ ...totals, total, resumedAt });
  if (checkpoint?.complete) return { ...progress(), alreadyComplete: true };

  const signal = opts.signal ?? new AbortController().signal;
  const save = (offset: number, complete: boolean) =>
    writeCheckpoint(statePath, { ...totals, size: info.size, mtimeMs: info.mtimeMs, offset, complete, updatedAt: new Date().toISOString() });

  const send = async (batch: Batch): Promise<Batch & { results: { kind: RecordKind; lineNumbers: number[]; result: BatchResult }[] }> => {
    const results = [];
    for (const [kind, part] of batch.byKind) results.push({ kind, lineNumbers: part.lineNumbers, result: await opts.send(kind, part.records, signal) });
    return { ...batch, results };
  };
  const acknowledge = async (done: Awaited<ReturnType<typeof send>>) => {
    const rejections = [...done.refused];
    for (const { kind, lineNumbers, result } of done.results) {
      totals.accepted += result.accepted;
      totals.duplicates += result.duplicates;
      for (const r of result.rejected) rejections.push({ line: lineNumbers[r.index] ?? -1, kind, reason: r.reason });
    }
    totals.rejected += rejections.length;
    totals.lines += done.lines;
    for (const r of rejections.sort((a, b) => a.line - b.line)) opts.onRejected?.(r);
    await save(done.end, false);
    opts.onProgress?.(progress());
  };

  const inFlight: ReturnType<typeof send>[] = [];
  const drainOne = async () => acknowledge(await inFlight.shift()!);
  const fresh = (): Batch => ({ end: 0, lines: 0, refused: [], byKind: new Map(RECORD_KINDS.map((k) => [k, { records: [], lineNumbers: [] }])) });

  opts.onProgress?.(progress());
  let lineNumber = resumedAt;
  let batch = fresh();
  let records = 0;
  const flush = async () => {
    for (const [kind, part] of batch.byKind) if (!part.records.length) batch.byKind.delete(kind);
    const sending = send(batch);
    // A failure surfaces when it is this batch's turn to be acknowledged; until then keep it handled.
    sending.catch(() => undefined);
    inFlight.push(sending);
    batch = fresh();
    records = 0;
    if (inFlight.length >= concurrency) await drainOne();
  };
  try {
    for await (const { text, end } of linesFrom(opts.file, checkpoint?.offset ?? 0, signal)) {
      lineNumber++;
      batch.lines++;
      batch.end = end;
      if (!text.trim()) continue;
      const parsed = parseLine(text);
      if ('error' in parsed) {
        batch.refused.push({ line: lineNumber, reason: parsed.error });
        continue;
      }
      const part = batch.byKind.get(parsed.kind)!;
      part.records.push(parsed.record);
      part.lineNumbers.push(lineNumber);
      if (++records >= batchSize) await flush();
    }
    if (batch.lines) await flush();
    while (inFlight.length) await drainOne();
  } catch (err) {
    // Whatever was acknowledged is in the checkpoint already; the rest is sent again next time.
    await Promise.allSettled(inFlight);
    throw signal.aborted ? new ImportError(`import interrupted at line ${totals.lines} of ${total}; run the same command again to continue`) : err;
  }
  await save(info.size, true);
  return { ...progress(), alreadyComplete: false };
}
