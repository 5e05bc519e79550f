import { describe, expect, it } from '@jest/globals';
import { followNotifications, reconnectDelayMs, SseParser } from './notification-stream';

const streamOf = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });

describe('the notification stream', () => {
  it('parses events split across chunks, skipping comments', () => {
    const parser = new SseParser();
    expect(parser.push('event: ready\ndata: {}\n\n: keep-alive\n\nevent: notif')).toEqual([{ event: 'ready', data: '{}' }]);
    expect(parser.push('ication\r\ndata: {"id":"a","kind":"offer.countered"}\r\n')).toEqual([]);
    expect(parser.push('\r\n')).toEqual([{ event: 'notification', data: '{"id":"a","kind":"offer.countered"}' }]);
  });

  it('backs off from one second, doubling up to thirty, with jitter below the ceiling', () => {
    expect(reconnectDelayMs(0, () => 1)).toBe(1_000);
    expect(reconnectDelayMs(0, () => 0)).toBe(500);
    expect(reconnectDelayMs(3, () => 1)).toBe(8_000);
    expect(reconnectDelayMs(20, () => 1)).toBe(30_000);
  });

  it('renews the session on a 401, reports events, reconnects after the stream ends, and stops on sign-out', async () => {
    const controller = new AbortController();
    let token: string | null = 'old';
    const calls: string[] = [];
    const seen: string[] = [];
    const waits: number[] = [];
    let opens = 0;
    const answers = [
      () => new Response(null, { status: 401 }),
      () => new Response(streamOf('event: ready\ndata: {}\n\nevent: notification\ndata: {"id":"n1","kind":"offer.countered"}\n\n')),
      () => new Response(null, { status: 503 }),
    ];
    await followNotifications({
      token: () => token,
      refresh: async () => {
        token = 'new';
        return true;
      },
      onOpen: () => opens++,
      onNotification: (n) => seen.push(`${n.kind}:${n.id}`),
      signal: controller.signal,
      fetchFn: (async (_url: string, init: RequestInit) => {
        calls.push(new Headers(init.headers).get('authorization')!);
        return answers[calls.length - 1]();
      }) as typeof fetch,
      sleep: async (ms) => {
        waits.push(ms);
        // Signed out after the failed reconnect: the loop must end without asking again.
        if (waits.length === 2) token = null;
      },
    });
    expect(calls).toEqual(['Bearer old', 'Bearer new', 'Bearer new']);
    expect(seen).toEqual(['offer.countered:n1']);
    expect(opens).toBe(1);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(1_000);
  });
});
