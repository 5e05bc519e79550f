import { Registry } from 'prom-client';
import { ScrapedGauges } from './scraped-gauges.js';

/** Series of `name` in the exposition text, as `labels value` lines. */
function series(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => l.slice(name.length).trim());
}

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  return {
    lines,
    warn: (_obj: unknown, msg: string) => void lines.push({ level: 'warn', msg }),
    info: (_obj: unknown, msg: string) => void lines.push({ level: 'info', msg }),
  };
}

describe('ScrapedGauges', () => {
  it('reads each source once per scrape, however many gauges it feeds', async () => {
    const registry = new Registry();
    let reads = 0;
    const gauges = new ScrapedGauges(registry, recordingLogger() as never, { minIntervalMs: 0 });
    gauges.add({ name: 'table', read: async () => ({ a: 3, b: ++reads }) }, [
      { spec: { name: 'x_a', help: 'a' }, samples: (r) => [{ labels: {}, value: r.a }] },
      { spec: { name: 'x_b', help: 'b', labelNames: ['k'] }, samples: (r) => [{ labels: { k: 'v' }, value: r.b }] },
    ]);

    const text = await registry.metrics();
    expect(series(text, 'x_a')).toEqual(['3']);
    expect(series(text, 'x_b')).toEqual(['{k="v"} 1']);
    expect(series(text, 'tp_gauge_source_up')).toEqual(['{source="table"} 1']);
    expect(reads).toBe(1);
  });

  it('keeps answering when a source fails or hangs: its gauges go absent, the source reads 0, one log line per outage', async () => {
    const registry = new Registry();
    const logger = recordingLogger();
    let mode: 'ok' | 'fail' | 'hang' = 'ok';
    const gauges = new ScrapedGauges(registry, logger as never, { minIntervalMs: 0, timeoutMs: 50 });
    gauges.add(
      {
        name: 'bus',
        read: () => (mode === 'ok' ? Promise.resolve(7) : mode === 'fail' ? Promise.reject(new Error('connection closed')) : new Promise<number>(() => undefined)),
      },
      [{ spec: { name: 'x_lag', help: 'lag' }, samples: (v) => [{ labels: {}, value: v }] }],
    );
    gauges.add({ name: 'table', read: async () => 1 }, [{ spec: { name: 'x_rows', help: 'rows' }, samples: (v) => [{ labels: {}, value: v }] }]);

    expect(series(await registry.metrics(), 'x_lag')).toEqual(['7']);

    mode = 'fail';
    for (const _ of [1, 2]) {
      const text = await registry.metrics();
      expect(series(text, 'x_lag')).toEqual([]);
      expect(series(text, 'x_rows')).toEqual(['1']);
      expect(series(text, 'tp_gauge_source_up')).toEqual(['{source="bus"} 0', '{source="table"} 1']);
    }
    mode = 'hang';
    expect(series(await registry.metrics(), 'x_lag')).toEqual([]);
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);

    mode = 'ok';
    const text = await registry.metrics();
    expect(series(text, 'x_lag')).toEqual(['7']);
    expect(series(text, 'tp_gauge_source_up')).toContain('{source="bus"} 1');
    expect(logger.lines.map((l) => l.level)).toEqual(['warn', 'info']);
  });

  it('shares one reading between scrapes closer together than minIntervalMs', async () => {
    const registry = new Registry();
    let reads = 0;
    new ScrapedGauges(registry, recordingLogger() as never, { minIntervalMs: 60_000 }).add({ name: 's', read: async () => ++reads }, [
      { spec: { name: 'x_n', help: 'n' }, samples: (v) => [{ labels: {}, value: v }] },
    ]);
    await Promise.all([registry.metrics(), registry.metrics()]);
    expect(series(await registry.metrics(), 'x_n')).toEqual(['1']);
    expect(reads).toBe(1);
  });
});
