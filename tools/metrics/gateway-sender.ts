import { INGEST_PATH, type RecordKind } from './ndjson-format.js';
import { ImportError, type BatchResult, type SendBatch } from './importer.js';

export interface GatewaySenderOptions {
  /** The gateway's base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** An API key with the `metrics:ingest` scope (`POST /v1/api-keys`, platform operators). */
  apiKey: string;
  timeoutMs?: number;
  /** Attempts per batch when the platform is busy or away (429, 5xx, no connection). */
  attempts?: number;
  onRetry?: (info: { kind: RecordKind; attempt: number; why: string; waitMs: number }) => void;
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

/**
 * Sends batches to the public ingestion routes with an API key. A busy or unreachable platform
 * is retried with backoff (the same batch again is harmless: ingestion keeps each observation
 * id once); a refused key or a malformed batch stops the import.
 */
export function gatewaySender(opts: GatewaySenderOptions): SendBatch {
  const attempts = opts.attempts ?? 8;
  const base = opts.url.replace(/\/+$/, '');
  return async (kind, records, signal) => {
    for (let attempt = 1; ; attempt++) {
      let why: string;
      let waitMs = Math.min(250 * 2 ** (attempt - 1), 10_000);
      try {
        const res = await fetch(`${base}/v1/ingest/${INGEST_PATH[kind]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': opts.apiKey },
          body: JSON.stringify({ records }),
          signal: AbortSignal.any([signal, AbortSignal.timeout(opts.timeoutMs ?? 120_000)]),
        });
        const text = await res.text();
        if (res.status === 202) return JSON.parse(text) as BatchResult;
        const problem = (() => {
          try {
            const p = JSON.parse(text) as { title?: string; detail?: string };
            return p.detail ?? p.title ?? text;
          } catch {
            return text;
          }
        })();
        if (!RETRYABLE.has(res.status)) throw new ImportError(`ingestion refused a ${kind} batch: ${res.status} ${problem}`);
        why = `${res.status} ${problem}`;
        const retryAfter = Number(res.headers.get('retry-after'));
        if (retryAfter > 0) waitMs = Math.min(retryAfter * 1000, 30_000);
      } catch (err) {
        if (err instanceof ImportError || signal.aborted) throw err;
        why = (err as Error).cause ? String(((err as Error).cause as Error).message ?? (err as Error).cause) : (err as Error).message;
      }
      if (attempt >= attempts) throw new ImportError(`gave up on a ${kind} batch after ${attempt} attempts: ${why}`);
      opts.onRetry?.({ kind, attempt, why, waitMs });
      await sleep(waitMs, signal);
    }
  };
}
