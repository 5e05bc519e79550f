/**
 * The NDJSON import against the public ingestion routes, beside its raw baseline in the same run
 * on the same servers: the same number of records POSTed as prepared batches (same batch size,
 * same two in flight), without reading a file, parsing lines or writing checkpoints. Both count
 * until ingestion acknowledged every batch (202). Different seeds, so neither run meets the
 * other's observations as duplicates.
 * Run: npm run bench:import   (BENCH_IMPORT records, default 200000)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack } from '../e2e/support/stack.js';
import { gatewaySender } from '../../tools/metrics/gateway-sender.js';
import { importNdjson } from '../../tools/metrics/importer.js';
import { parseLine, syntheticLines, type RecordKind } from '../../tools/metrics/ndjson-format.js';

const TOTAL = Number(process.env.BENCH_IMPORT ?? 200_000);
const BATCH = 5_000;
const CONCURRENCY = 2;
const OPERATOR = 'bench-operator@example.com';
// 100 creators × (videos × 5 observations + 121 follower snapshots + 1 audience) ≈ TOTAL
const CREATORS = 100;
const VIDEOS = Math.max(1, Math.round((TOTAL / CREATORS - 122) / 5));
const dataset = (seed: number) => syntheticLines({ seed, creators: CREATORS, videos: VIDEOS, observationsPerVideo: 5, days: 120, until: new Date(Date.now() - 3_600_000) });

const stack = await startStack({ services: ['identity', 'metrics-ingestion', 'metrics'], env: { PLATFORM_ADMINS: OPERATOR, LOG_LEVEL: 'silent' } });
const dir = await mkdtemp(path.join(tmpdir(), 'import-bench-'));
try {
  const url = stack.gatewayUrl();
  const post = (p: string, body: unknown, token?: string) =>
    fetch(`${url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
  const { accessToken } = await post('/v1/auth/signup', { email: OPERATOR, password: 'bench-password', name: 'Bench', kind: 'manager' });
  const { key } = await post('/v1/api-keys', { name: 'bench', scopes: ['metrics:ingest'] }, accessToken);
  const send = gatewaySender({ url, apiKey: key });
  const signal = new AbortController().signal;

  // Warm-up (JIT, pools, the first pages of every table), so the first measured path pays no start-up cost.
  const warm = [...syntheticLines({ seed: 3, creators: 4, videos: 400, observationsPerVideo: 5, days: 120, until: new Date(Date.now() - 3_600_000) })].map(parseLine);
  for (let i = 0; i < warm.length; i += BATCH) {
    for (const kind of ['video', 'follower', 'audience'] as const) {
      const records = warm.slice(i, i + BATCH).flatMap((p) => ('kind' in p && p.kind === kind ? [p.record] : []));
      if (records.length) await send(kind, records, signal);
    }
  }

  // Baseline: the batches prepared in memory, POSTed with the same batch size and concurrency.
  const batches: [RecordKind, Record<string, unknown>[]][] = [];
  let current: Map<RecordKind, Record<string, unknown>[]> = new Map();
  let inBatch = 0;
  let baselineRecords = 0;
  for (const line of dataset(1)) {
    const p = parseLine(line);
    if (!('kind' in p)) continue;
    if (!current.has(p.kind)) current.set(p.kind, []);
    current.get(p.kind)!.push(p.record);
    baselineRecords++;
    if (++inBatch === BATCH) {
      batches.push(...current.entries());
      current = new Map();
      inBatch = 0;
    }
  }
  batches.push(...current.entries());
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < batches.length) {
      const [kind, records] = batches[next++]!;
      await send(kind, records, signal);
    }
  }));
  const baselineSeconds = (performance.now() - t0) / 1000;

  // The tool: file → lines → batches → checkpoints.
  const file = path.join(dir, 'bench.ndjson');
  const out = createWriteStream(file);
  for (const line of dataset(2)) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  const t1 = performance.now();
  const summary = await importNdjson({ file, send, batchSize: BATCH, concurrency: CONCURRENCY });
  const importSeconds = (performance.now() - t1) / 1000;

  const row = (what: string, records: number, seconds: number) => `| ${what} | ${records} | ${seconds.toFixed(1)} | ${Math.round(records / seconds)} |`;
  const report = [
    `records ${TOTAL} (${CREATORS} creators × ${VIDEOS} videos × 5 observations + daily followers + audience), batch ${BATCH}, ${CONCURRENCY} in flight`,
    '| path | records | seconds | records/s |',
    '|---|---|---|---|',
    row('raw: prepared batches POSTed to /v1/ingest/* (202)', baselineRecords, baselineSeconds),
    row('npm run metrics:import: NDJSON file, parse, batch, checkpoint (202)', summary.lines, importSeconds),
    `ratio import/raw ${(baselineSeconds / importSeconds).toFixed(2)}; accepted ${summary.accepted}, duplicates ${summary.duplicates}, rejected ${summary.rejected}`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  await writeFile(path.join(dir, 'report.md'), report);
} finally {
  await rm(dir, { recursive: true, force: true });
  await stack.close();
}
