/**
 * Where an idle service's resident memory goes: one built service (BENCH_SERVICE, default roster)
 * started three ways against the same NATS and database — as deployed (`dist/…/main.js`, with
 * OpenTelemetry and the images' Node options, deploy/Dockerfile), the same with V8's default
 * young generation (`--max-semi-space-size=0` after them), and without OpenTelemetry — each read
 * after BENCH_IDLE_MS (4 s) idle: RSS and its anonymous part (/proc), V8 heap total and used (the
 * service's own /metrics).
 * Run: npm run build && npm run bench:memory
 */
import { readFileSync } from 'node:fs';
import { createTestDatabase, spawnService, startNatsServer } from '#libs/testing';
import { serviceNodeOptions } from '../../deploy/local/node-options.mjs';

const SERVICE = process.env.BENCH_SERVICE ?? 'roster';
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 4_000);
const nats = await startNatsServer();
const db = await createTestDatabase();
const mib = (kb: string | undefined) => Math.round(Number(kb?.replace(/\D+/g, '') ?? Number.NaN) / 1024);
try {
  const ways: [string, string, Record<string, string>][] = [
    [`as deployed (main.js, OpenTelemetry started first, NODE_OPTIONS=${serviceNodeOptions()})`, `dist/services/${SERVICE}/src/main.js`, {}],
    ['as deployed but V8\'s default young generation (--max-semi-space-size=0)', `dist/services/${SERVICE}/src/main.js`, { NODE_OPTIONS: '--max-semi-space-size=0' }],
    ['as deployed without OpenTelemetry', 'test/bench/untraced-service.mjs', {}],
  ];
  console.log(`| ${SERVICE}, idle | RSS MiB | anonymous MiB | threads | V8 heap total / used MiB |\n|---|---:|---:|---:|---:|`);
  for (const [label, entry, extra] of ways) {
    const env = { ...nats.envFor(SERVICE as never), DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'info', ...extra };
    const proc = await spawnService(SERVICE, env, 90_000, entry, { compiled: true, args: entry.endsWith('untraced-service.mjs') ? [SERVICE] : [] });
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const status = Object.fromEntries(readFileSync(`/proc/${proc.child.pid}/status`, 'utf8').split('\n').map((l) => [l.split(':')[0], l.split(':')[1]]));
    const metrics = await (await fetch(`${proc.url}/metrics`)).text();
    const heap = (name: string) => Math.round(Number(metrics.split('\n').find((l) => l.startsWith(name))?.split(' ').pop()) / 1048576);
    console.log(`| ${label} | ${mib(status.VmRSS)} | ${mib(status.RssAnon)} | ${status.Threads?.trim()} | ${heap('nodejs_heap_size_total_bytes')} / ${heap('nodejs_heap_size_used_bytes')} |`);
    await proc.stop();
  }
} finally {
  await nats.stop();
  await db.drop();
}
