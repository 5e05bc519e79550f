import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';

export interface GaugeSample<L extends string> {
  labels: Partial<Record<L, string>>;
  value: number;
}

export interface ScrapedGaugeSpec<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/**
 * A source of truth several gauges are read from in one go (one SQL statement, one round of
 * JetStream info calls), so a scrape asks it once however many gauges it feeds.
 */
export interface GaugeSource<T> {
  /** Names the source in the `tp_gauge_source_up` gauge and in logs, e.g. `outbox`. */
  name: string;
  read(): Promise<T>;
}

const DEFAULT_TIMEOUT_MS = 2_000;
/** Scrapes closer together than this (two Prometheus replicas, a curl) share one reading. */
const DEFAULT_MIN_INTERVAL_MS = 1_000;

/**
 * Gauges computed at scrape time from the real source of truth (a table, JetStream), never
 * from counters kept in this process. A scrape must keep answering while NATS or the database
 * are down — that is when it matters most — so a reading that fails or takes longer than its
 * timeout leaves its gauges empty (no stale value that looks healthy), sets
 * `tp_gauge_source_up{source}` to 0, and is logged once per outage rather than once per scrape.
 */
export class ScrapedGauges {
  private readonly sourceUp: Gauge<'source'>;
  private readonly failing = new Set<string>();
  private readonly readers: (() => Promise<unknown>)[] = [];

  constructor(
    private readonly registry: Registry,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
    private readonly opts: { timeoutMs?: number; minIntervalMs?: number } = {},
  ) {
    const readers = this.readers;
    this.sourceUp = new Gauge({
      name: 'tp_gauge_source_up',
      help: 'Whether this scrape could read the source the operational gauges come from (1) or not (0): when 0 those gauges are absent, not zero',
      labelNames: ['source'],
      registers: [registry],
      // Metrics are collected concurrently: wait for this scrape's readings before reporting them.
      async collect() {
        await Promise.all(readers.map((read) => read()));
      },
    });
  }

  /**
   * Registers gauges fed by one source: `read` runs at most once per scrape (and per
   * `minIntervalMs`), and each gauge's `samples` maps the reading to its series.
   */
  add<T>(source: GaugeSource<T>, gauges: { spec: ScrapedGaugeSpec<string>; samples: (reading: T) => GaugeSample<string>[] }[]): void {
    const reading = this.sharedReading(source);
    this.readers.push(reading);
    for (const { spec, samples } of gauges) {
      new Gauge({
        name: spec.name,
        help: spec.help,
        labelNames: [...(spec.labelNames ?? [])],
        registers: [this.registry],
        async collect() {
          this.reset();
          // reset() leaves a label-less gauge at 0, which would read as "backlog empty".
          this.remove({});
          const value = await reading();
          if (value === undefined) return;
          for (const s of samples(value.reading)) this.set(s.labels, s.value);
        },
      });
    }
  }

  private sharedReading<T>(source: GaugeSource<T>): () => Promise<{ reading: T } | undefined> {
    let last: { settledAt?: number; result: Promise<{ reading: T } | undefined> } | undefined;
    const minInterval = this.opts.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    return () => {
      // A reading in flight is shared (every gauge of the source asks during one scrape).
      const stale = last?.settledAt !== undefined && Date.now() - last.settledAt >= minInterval;
      if (!last || stale) {
        const current: NonNullable<typeof last> = { result: this.readOnce(source) };
        void current.result.then(() => (current.settledAt = Date.now()));
        last = current;
      }
      return last.result;
    };
  }

  private async readOnce<T>(source: GaugeSource<T>): Promise<{ reading: T } | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    try {
      const reading = await Promise.race([
        source.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      this.sourceUp.set({ source: source.name }, 1);
      if (this.failing.delete(source.name)) this.logger.info({ source: source.name }, 'operational gauges readable again');
      return { reading };
    } catch (err) {
      this.sourceUp.set({ source: source.name }, 0);
      if (!this.failing.has(source.name)) {
        this.failing.add(source.name);
        this.logger.warn({ err, source: source.name }, 'operational gauges unreadable; scrapes report them absent until the source answers');
      }
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
