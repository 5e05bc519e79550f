import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countLines, defaultStatePath, importNdjson, ImportError, type ImportCheckpoint, type SendBatch } from './importer.js';
import { parseLine, syntheticLines, toLine, type RecordKind } from './ndjson-format.js';

/** An ingestion that keeps each observation id once, as the real one does. */
function fakeIngestion() {
  const seen = new Map<string, { kind: RecordKind; record: Record<string, unknown> }>();
  const calls: { kind: RecordKind; size: number }[] = [];
  const send: SendBatch = async (kind, records) => {
    calls.push({ kind, size: records.length });
    let accepted = 0;
    let duplicates = 0;
    const rejected: { index: number; reason: string }[] = [];
    records.forEach((r, index) => {
      if (typeof r.observationId !== 'string') return rejected.push({ index, reason: 'observationId: required' });
      if (seen.has(r.observationId)) return duplicates++;
      seen.set(r.observationId, { kind, record: r });
      accepted++;
    });
    return { accepted, duplicates, rejected };
  };
  return { seen, calls, send };
}

describe('importNdjson', () => {
  let dir: string;
  let file: string;
  let lines: string[];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'import-'));
    file = path.join(dir, 'data.ndjson');
    lines = [...syntheticLines({ seed: 9, creators: 3, videos: 20, observationsPerVideo: 3, days: 30, until: new Date('2026-01-01') })];
    await writeFile(file, `${lines.join('\n')}\n`);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('sends every record once in batches of at most batchSize, one kind per request, and marks the checkpoint complete', async () => {
    const ingestion = fakeIngestion();
    const summary = await importNdjson({ file, send: ingestion.send, batchSize: 50 });
    expect(summary).toMatchObject({ total: lines.length, lines: lines.length, accepted: lines.length, duplicates: 0, rejected: 0, alreadyComplete: false });
    expect(ingestion.seen.size).toBe(lines.length);
    expect(Math.max(...ingestion.calls.map((c) => c.size))).toBeLessThanOrEqual(50);
    const state = JSON.parse(await readFile(defaultStatePath(file), 'utf8')) as ImportCheckpoint;
    expect(state).toMatchObject({ complete: true, lines: lines.length });
    // Run again: nothing to do.
    expect(await importNdjson({ file, send: ingestion.send })).toMatchObject({ alreadyComplete: true });
    expect(ingestion.calls.reduce((n, c) => n + c.size, 0)).toBe(lines.length);
  });

  it('resumes after an interruption from the last acknowledged batch, so every record ends up counted once', async () => {
    const ingestion = fakeIngestion();
    const controller = new AbortController();
    let batches = 0;
    const interrupting: SendBatch = async (kind, records, signal) => {
      const result = await ingestion.send(kind, records, signal);
      if (++batches === 3) controller.abort();
      return result;
    };
    await expect(importNdjson({ file, send: interrupting, batchSize: 40, signal: controller.signal })).rejects.toThrow(ImportError);
    const state = JSON.parse(await readFile(defaultStatePath(file), 'utf8')) as ImportCheckpoint;
    expect(state.complete).toBe(false);
    expect(state.lines).toBeGreaterThan(0);
    expect(state.lines).toBeLessThan(lines.length);
    // The checkpoint's byte offset is the start of the line after its last acknowledged one.
    expect(state.offset).toBe(Buffer.byteLength(lines.slice(0, state.lines).map((l) => `${l}\n`).join('')));

    const before = ingestion.calls.reduce((n, c) => n + c.size, 0);
    const summary = await importNdjson({ file, send: ingestion.send, batchSize: 40 });
    expect(summary.resumedAt).toBe(state.lines);
    const resent = ingestion.calls.reduce((n, c) => n + c.size, 0) - before;
    expect(resent).toBe(lines.length - state.lines);
    expect(ingestion.seen.size).toBe(lines.length);
    expect(summary.accepted + summary.duplicates).toBeGreaterThanOrEqual(lines.length);
  });

  it('reports lines that are not records and records ingestion refuses by line number, and goes on', async () => {
    const bad = [lines[0]!, 'not json', '', toLine('video', { creatorId: 'x' }), JSON.stringify({ kind: 'likes' }), lines[1]!];
    await writeFile(file, bad.join('\n')); // no newline at the end
    const ingestion = fakeIngestion();
    const rejected: { line: number; reason: string }[] = [];
    const summary = await importNdjson({ file, send: ingestion.send, batchSize: 2, onRejected: (r) => rejected.push(r) });
    expect(summary).toMatchObject({ total: 6, lines: 6, accepted: 2, rejected: 3 });
    expect(rejected.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(rejected[0]!.reason).toMatch(/not JSON/);
    expect(rejected[1]!.reason).toMatch(/observationId/);
    expect(rejected[2]!.reason).toMatch(/kind must be one of/);
  });

  it('refuses to resume a file that changed since its checkpoint, unless told to restart', async () => {
    const ingestion = fakeIngestion();
    await importNdjson({ file, send: ingestion.send });
    await writeFile(file, `${lines.slice(0, 10).join('\n')}\n`);
    await expect(importNdjson({ file, send: ingestion.send })).rejects.toThrow(/changed since/);
    expect(await importNdjson({ file, send: ingestion.send, restart: true })).toMatchObject({ lines: 10, duplicates: 10 });
  });
});

describe('the line format', () => {
  it('round-trips a record with its kind and refuses what is not one', () => {
    expect(parseLine(toLine('follower', { observationId: 'a', followers: 3 }))).toEqual({ kind: 'follower', record: { observationId: 'a', followers: 3 } });
    expect(parseLine('[1]')).toEqual({ error: 'not a JSON object' });
  });

  it('counts lines with or without a final newline', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'count-'));
    try {
      await writeFile(path.join(dir, 'a'), 'x\ny\n');
      await writeFile(path.join(dir, 'b'), 'x\ny');
      await writeFile(path.join(dir, 'c'), '');
      expect(await Promise.all(['a', 'b', 'c'].map((f) => countLines(path.join(dir, f))))).toEqual([2, 2, 0]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
