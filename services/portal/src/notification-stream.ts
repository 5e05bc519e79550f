/**
 * The live bell's connection: the gateway's server-sent events read with `fetch`, so the access
 * token goes in the Authorization header (EventSource cannot send one). The stream ends when the
 * token expires; the loop refreshes the session and reconnects, backing off while it fails.
 */

export interface StreamEvent {
  event: string;
  data: string;
}

/** Server-sent events from text that arrives in arbitrary chunks (an event may span several). */
export class SseParser {
  private buffer = '';

  push(chunk: string): StreamEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: StreamEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length || event !== 'message') events.push({ event, data: data.join('\n') });
    }
    return events;
  }
}

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/**
 * How long to wait before reconnect attempt `attempt` (0-based): doubling from 1 s up to 30 s,
 * between half and all of that at random, so many tabs cut off together do not return together.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() / 2));
}

export interface FollowOptions {
  /** The current access token, or null once signed out (the loop then stops). */
  token(): string | null;
  /** Renews the session after a 401; false when it cannot (signed out). */
  refresh(): Promise<boolean>;
  /** Called once the stream is open (`ready`): anything missed while disconnected should be fetched again. */
  onOpen(): void;
  onNotification(n: { id: string; kind: string }): void;
  signal: AbortSignal;
  fetchFn?: typeof fetch;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

/** Follows the caller's notification stream until `signal` aborts or the session ends. */
export async function followNotifications(o: FollowOptions): Promise<void> {
  const fetchFn = o.fetchFn ?? fetch.bind(globalThis);
  const sleep = o.sleep ?? abortableSleep;
  let failures = 0;
  while (!o.signal.aborted) {
    const token = o.token();
    if (!token) return;
    let opened = false;
    try {
      const res = await fetchFn('/v1/notifications/stream', { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: o.signal, cache: 'no-store' });
      if (res.status === 401) {
        if (!(await o.refresh())) return;
        continue;
      }
      if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const e of parser.push(value)) {
          if (e.event === 'ready') {
            opened = true;
            failures = 0;
            o.onOpen();
          } else if (e.event === 'notification') {
            o.onNotification(JSON.parse(e.data) as { id: string; kind: string });
          }
        }
      }
    } catch {
      if (o.signal.aborted) return;
    }
    // A stream that opened and then ended (the token expired) comes back within a second; failures back off.
    await sleep(reconnectDelayMs(opened ? 0 : failures++), o.signal);
  }
}
