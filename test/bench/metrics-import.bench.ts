/**
 * The NDJSON import against the public ingestion routes, beside its raw baseline in the same run
 * on the same servers: the same number of records POSTed as prepared batches (same batch size,
 * same two in flight), without reading a file, parsing lines or writing checkpoints. Both count
 * until ingestion acknowledged every batch (202). Each run has its own seed, so no run meets
 * another's observations as duplicates.
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
import { INGEST_PATH, parseLine, syntheticLines, type RecordKind } from '../../tools/metrics/ndjson-format.js';

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
  const retries: string[] = [];
  const send = gatewaySender({ url, apiKey: key, onRetry: ({ kind, why }) => retries.push(`${kind}: ${why}`) });
  const signal = new AbortController().signal;

  // Warm-up (JIT, pools, the first pages of every table), so the first measured path pays no start-up cost.
  const warm = [...syntheticLines({ seed: 3, creators: 4, videos: 400, observationsPerVideo: 5, days: 120, until: new Date(Date.now() - 3_600_000) })].map(parseLine);
  for (let i = 0; i < warm.length; i += BATCH) {
    for (const kind of ['video', 'follower', 'audience'] as const) {
      const records = warm.slice(i, i + BATCH).flatMap((p) => ('kind' in p && p.kind === kind ? [p.record] : []));
      if (records.length) await send(kind, records, signal);
    }
  }

  // Baseline: the request bodies prepared in memory (JSON text, so the heap the services share
  // with this process holds no extra objects), POSTed with the same batch size and concurrency.
  async function raw(seed: number): Promise<{ records: number; seconds: number }> {
    const bodies: [RecordKind, string][] = [];
    let current = new Map<RecordKind, Record<string, unknown>[]>();
    let inBatch = 0;
    let records = 0;
    const close = () => {
      for (const [kind, part] of current) bodies.push([kind, JSON.stringify({ records: part })]);
      current = new Map();
      inBatch = 0;
    };
    for (const line of dataset(seed)) {
      const p = parseLine(line);
      if (!('kind' in p)) continue;
      if (!current.has(p.kind)) current.set(p.kind, []);
      current.get(p.kind)!.push(p.record);
      records++;
      if (++inBatch === BATCH) close();
    }
    close();
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const [kind, body] = bodies[next++]!;
          const res = await fetch(`${url}/v1/ingest/${INGEST_PATH[kind]}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body });
          if (res.status !== 202) throw new Error(`raw ${kind} batch: ${res.status} ${await res.text()}`);
          await res.arrayBuffer().catch(() => undefined);
        }
      }),
    );
    return { records, seconds: (performance.now() - t) / 1000 };
  }

  // The tool: file → lines → batches → checkpoints.
  async function tool(seed: number): Promise<{ records: number; seconds: number }> {
    const file = path.join(dir, `bench-${seed}.ndjson`);
    const out = createWriteStream(file);
    for (const line of dataset(seed)) if (!out.write(`${line}\n`)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    const t = performance.now();
    const summary = await importNdjson({ file, send, batchSize: BATCH, concurrency: CONCURRENCY });
    // A batch retried after a lost answer comes back as duplicates: together they are the whole file.
    if (summary.accepted + summary.duplicates !== summary.total || summary.rejected) throw new Error(`import: ${JSON.stringify(summary)}`);
    return { records: summary.lines, seconds: (performance.now() - t) / 1000 };
  }

  // Resident memory of this process (client, gateway and services share it) between runs: the
  // ingestion path must hold no more after four runs of TOTAL records than after the first.
  const rss: string[] = [];
  const sampleRss = (when: string) => rss.push(`| ${when} | ${Math.round(process.memoryUsage().rss / 2 ** 20)} | ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} |`);
  sampleRss('after warm-up');

  // Raw, tool, tool, raw: each path runs once early and once late (the tables grow, the metrics
  // consumer falls behind), so neither gets the quieter half of the run.
  const runs: (readonly ['raw' | 'tool', { records: number; seconds: number }])[] = [];
  for (const [which, seed] of [['raw', 1], ['tool', 2], ['tool', 3], ['raw', 4]] as const) {
    runs.push([which, await (which === 'raw' ? raw : tool)(seed)]);
    sampleRss(`after run ${runs.length} (${runs.length * TOTAL} records)`);
  }
  const sum = (which: string) => runs.filter(([w]) => w === which).reduce((a, [, r]) => ({ records: a.records + r.records, seconds: a.seconds + r.seconds }), { records: 0, seconds: 0 });
  const [rawTotal, toolTotal] = [sum('raw'), sum('tool')];

  const row = (what: string, records: number, seconds: number) => `| ${what} | ${records} | ${seconds.toFixed(1)} | ${Math.round(records / seconds)} |`;
  const report = [
    `records ${TOTAL} (${CREATORS} creators × ${VIDEOS} videos × 5 observations + daily followers + audience), batch ${BATCH}, ${CONCURRENCY} in flight`,
    '| path | records | seconds | records/s |',
    '|---|---|---|---|',
    ...runs.map(([which, r], i) => row(`${i + 1}. ${which === 'raw' ? 'raw: prepared JSON bodies POSTed to /v1/ingest/*' : 'npm run metrics:import: NDJSON file, parse, batch, checkpoint'}`, r.records, r.seconds)),
    `raw ${Math.round(rawTotal.records / rawTotal.seconds)} records/s, import ${Math.round(toolTotal.records / toolTotal.seconds)} records/s: ratio import/raw ${(rawTotal.seconds / toolTotal.seconds).toFixed(2)}`,
    `retried batches (busy platform, same batch again): ${retries.length}${retries.length ? ` (${[...new Set(retries)].slice(0, 3).join('; ')})` : ''}`,
    '',
    '| resident memory of the one process | RSS MiB | heap used MiB |',
    '|---|---:|---:|',
    ...rss,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  await writeFile(path.join(dir, 'report.md'), report);
} finally {
  await rm(dir, { recursive: true, force: true });
  await stack.close();
}
