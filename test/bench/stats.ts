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
  const [stats] = await measureInRounds([{ name, fn }], calls, concurrency, 1);
  return stats!;
}

/** Runs `calls` calls of `fn` with `concurrency` in flight; their latencies are appended to `into`. Returns the elapsed ms. */
async function timedCalls(calls: number, concurrency: number, fn: () => Promise<unknown>, into: number[]): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        const t = performance.now();
        await fn();
        into.push(performance.now() - t);
      }
    }),
  );
  return performance.now() - started;
}

/**
 * Several cases measured side by side: `rounds` rounds, each running every case in turn for its
 * share of `calls`, their latencies pooled per case. On a shared machine whose load drifts over
 * minutes, cases measured one after another see different machines; in rounds, each case sees
 * every phase of the run, so their ratios compare like with like.
 */
export async function measureInRounds(
  cases: readonly { name: string; fn: () => Promise<unknown>; /** Its own number of calls, if not `calls`. */ calls?: number }[],
  calls: number,
  concurrency: number,
  rounds: number,
): Promise<RunStats[]> {
  const state = cases.map(() => ({ latencies: [] as number[], elapsed: 0, calls: 0 }));
  // Warm-up at the concurrency measured: JIT, caches, and pools grown to what that load holds. A
  // first burst after a quiet phase opens connections (tens to hundreds of ms each on a busy
  // machine), and a composed view may answer a section degraded meanwhile: warm-up answers are
  // reported, not judged; every measured call must succeed.
  for (const c of cases) {
    const failures: unknown[] = [];
    const n = Math.min(200, c.calls ?? calls);
    await timedCalls(n, concurrency, () => c.fn().catch((err: unknown) => failures.push(err)), []);
    if (failures.length) {
      const first = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
      console.log(`warm-up of "${c.name}" at concurrency ${concurrency}: ${failures.length} of ${n} calls failed (first: ${first})`);
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (const [i, c] of cases.entries()) {
      const total = c.calls ?? calls;
      const share = Math.floor(total / rounds) + (r < total % rounds ? 1 : 0);
      state[i]!.elapsed += await timedCalls(share, concurrency, c.fn, state[i]!.latencies);
      state[i]!.calls += share;
    }
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return cases.map((c, i) => {
    const { latencies, elapsed, calls: made } = state[i]!;
    latencies.sort((a, b) => a - b);
    return { name: c.name, calls: made, concurrency, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), perSecond: Math.round((made / elapsed) * 1000) };
  });
}

export function table(rows: RunStats[]): string {
  const header = '| case | concurrency | calls | p50 ms | p99 ms | per second |\n|---|---:|---:|---:|---:|---:|';
  return [header, ...rows.map((r) => `| ${r.name} | ${r.concurrency} | ${r.calls} | ${r.p50Ms} | ${r.p99Ms} | ${r.perSecond} |`)].join('\n');
}
