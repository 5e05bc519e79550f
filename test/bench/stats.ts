/** Latency percentiles and throughput for a batch of timed calls. */
export interface RunStats {
  name: string;
  calls: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function measure(name: string, calls: number, concurrency: number, fn: () => Promise<unknown>): Promise<RunStats> {
  for (let i = 0; i < Math.min(200, calls); i++) await fn(); // warm-up: JIT, pools, caches
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        const t = performance.now();
        await fn();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { name, calls, concurrency, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), perSecond: Math.round((calls / elapsed) * 1000) };
}

export function table(rows: RunStats[]): string {
  const header = '| case | concurrency | calls | p50 ms | p99 ms | per second |\n|---|---:|---:|---:|---:|---:|';
  return [header, ...rows.map((r) => `| ${r.name} | ${r.concurrency} | ${r.calls} | ${r.p50Ms} | ${r.p99Ms} | ${r.perSecond} |`)].join('\n');
}
