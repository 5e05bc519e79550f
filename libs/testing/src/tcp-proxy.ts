import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** `host:port` clients should use instead of the target's. */
  readonly host: string;
  readonly port: number;
  /**
   * Makes the target unreachable: existing connections are dropped (reset) and new ones are
   * refused (`refuse`, closed at once, as a server that is down) or accepted and never answered
   * (`blackhole`, as a network partition; they are dropped on `restore()`).
   */
  cut(mode?: 'refuse' | 'blackhole'): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP forwarder for tests: point a client at the proxy, then `cut()` and `restore()` to take
 * a shared server (PostgreSQL, NATS) away from that client only, without stopping it.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const held = new Set<Socket>();
  let state: 'open' | 'refuse' | 'blackhole' = 'open';

  const track = (socket: Socket, set: Set<Socket>) => {
    set.add(socket);
    socket.once('close', () => set.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server: Server = createServer((client) => {
    if (state === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (state === 'blackhole') {
      track(client, held);
      client.pause();
      return;
    }
    const upstream = createConnection(target);
    track(client, open);
    track(upstream, open);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };

  return {
    host: '127.0.0.1',
    port,
    cut(mode = 'refuse') {
      state = mode;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      state = 'open';
      for (const socket of held) socket.resetAndDestroy();
    },
    async close() {
      for (const socket of [...open, ...held]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
