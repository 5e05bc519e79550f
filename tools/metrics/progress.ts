import cliProgress from 'cli-progress';
import type { ImportProgress } from './importer.js';

export interface ProgressView {
  update(p: ImportProgress): void;
  /** Prints a message without breaking the bar. */
  note(message: string): void;
  stop(): void;
}

const number = (n: number) => n.toLocaleString('en-US');

/** Records per second and seconds left, over this run only (a resumed import starts its clock again). */
export function rateOf(p: ImportProgress, elapsedMs: number): { perSecond: number; etaSeconds: number | null } {
  const done = p.lines - p.resumedAt;
  const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = p.total - p.lines;
  return { perSecond, etaSeconds: perSecond > 0 ? left / perSecond : left === 0 ? 0 : null };
}

export function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function progressLine(p: ImportProgress, elapsedMs: number): string {
  const { perSecond, etaSeconds } = rateOf(p, elapsedMs);
  const pct = p.total ? Math.floor((p.lines * 100) / p.total) : 100;
  return `${number(p.lines)}/${number(p.total)} records (${pct}%) · ${number(Math.round(perSecond))} records/s · ETA ${formatSeconds(etaSeconds)} · accepted ${number(p.accepted)} · duplicates ${number(p.duplicates)} · rejected ${number(p.rejected)}`;
}

/**
 * A bar on a terminal; plain lines every `intervalMs` otherwise (CI logs, pipes), so a log
 * still tells how far an import got.
 */
export function progressView(stream: NodeJS.WriteStream, intervalMs = 5_000): ProgressView {
  const started = performance.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: '{bar} {percentage}% | {value}/{total} records | {speed} records/s | ETA {timeLeft} | rejected {rejected}',
        hideCursor: true,
        barsize: 30,
      },
      cliProgress.Presets.shades_classic,
    );
    let begun = false;
    return {
      update(p) {
        const { perSecond, etaSeconds } = rateOf(p, performance.now() - started);
        const payload = { speed: number(Math.round(perSecond)), timeLeft: formatSeconds(etaSeconds), rejected: number(p.rejected) };
        if (!begun) {
          bar.start(p.total, p.lines, payload);
          begun = true;
        } else bar.update(p.lines, payload);
      },
      note(message) {
        stream.write(`\r\x1b[K${message}\n`);
      },
      stop: () => bar.stop(),
    };
  }
  let last = -Infinity;
  let latest: ImportProgress | undefined;
  return {
    update(p) {
      latest = p;
      const now = performance.now();
      if (now - last < intervalMs && p.lines < p.total) return;
      last = now;
      stream.write(`${progressLine(p, now - started)}\n`);
    },
    note: (message) => stream.write(`${message}\n`),
    stop() {
      if (latest && latest.lines < latest.total) stream.write(`${progressLine(latest, performance.now() - started)}\n`);
    },
  };
}
