import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** `host:port` clients should use instead of the target's. */
  readonly host: string;
  readonly port: number;
  /**
   * Makes the target unreachable. `refuse` and `blackhole` drop (reset) the connections that are
   * open and then refuse new ones (closed at once, as a server that is down) or accept them and
   * never answer (as a network partition; they are dropped on `restore()`). `stall` drops nothing:
   * open connections stop carrying bytes either way but stay up, as a network that holds packets,
   * so neither end learns of it until its own deadlines pass; new ones are accepted and never
   * answered.
   */
  cut(mode?: 'refuse' | 'blackhole' | 'stall'): void;
  /** Lets connections through again; stalled ones deliver what was held back, in order. */
  restore(): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket;
}

/**
 * A TCP forwarder for tests: point a client at the proxy, then `cut()` and `restore()` to take
 * a shared server (PostgreSQL, NATS) away from that client only, without stopping it.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const links = new Set<Link>();
  const held = new Set<Socket>();
  let state: 'open' | 'refuse' | 'blackhole' | 'stall' = 'open';

  const track = (socket: Socket, set: Set<Socket>) => {
    set.add(socket);
    socket.once('close', () => set.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const flow = ({ client, upstream }: Link) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  // Unpiped and paused, a socket is not read: the kernel's buffers fill and the sender waits.
  const hold = ({ client, upstream }: Link) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };

  const server: Server = createServer((client) => {
    if (state === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (state !== 'open') {
      track(client, held);
      client.pause();
      return;
    }
    const upstream = createConnection(target);
    const link = { client, upstream };
    links.add(link);
    for (const socket of [client, upstream]) socket.on('error', () => socket.destroy());
    client.once('close', () => (upstream.destroy(), links.delete(link)));
    upstream.once('close', () => (client.destroy(), links.delete(link)));
    flow(link);
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
      const was = state;
      state = mode;
      if (mode === 'stall') {
        if (was === 'open') for (const link of links) hold(link);
        return;
      }
      for (const { client } of links) client.resetAndDestroy();
    },
    restore() {
      if (state === 'stall') for (const link of links) flow(link);
      state = 'open';
      for (const socket of held) socket.resetAndDestroy();
    },
    async close() {
      for (const socket of [...[...links].flatMap((l) => [l.client, l.upstream]), ...held]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
