import { createConnection, createServer, type Server } from 'node:net';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

let echo: Server;
let proxy: TcpProxy;

/** Sends `text` through the proxy and resolves with the echo, or with the error. */
function roundTrip(text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: proxy.host, port: proxy.port });
    socket.once('connect', () => socket.write(text));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', (err) => resolve(`error: ${(err as NodeJS.ErrnoException).code}`));
    socket.once('close', () => resolve('closed'));
  });
}

beforeAll(async () => {
  echo = createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  proxy = await startTcpProxy({ host: '127.0.0.1', port: (echo.address() as { port: number }).port });
});
afterAll(async () => {
  await proxy.close();
  await new Promise((r) => echo.close(r));
});

describe('TcpProxy', () => {
  it('forwards, drops open connections and refuses new ones when cut, and forwards again when restored', async () => {
    expect(await roundTrip('hello')).toBe('hello');

    const open = createConnection({ host: proxy.host, port: proxy.port });
    await new Promise((r) => open.once('connect', r));
    const dropped = new Promise<void>((r) => open.once('close', () => r()));
    open.on('error', () => undefined);
    proxy.cut();
    await dropped;
    expect(await roundTrip('while cut')).toMatch(/^(error: ECONNRESET|closed)$/);

    proxy.restore();
    expect(await roundTrip('back')).toBe('back');
  });

  it('stalls: an open connection stays up but carries nothing until restored, then delivers what was held', async () => {
    const socket = createConnection({ host: proxy.host, port: proxy.port });
    await new Promise((r) => socket.once('connect', r));
    let received = '';
    let closed = false;
    socket.on('data', (d) => (received += d.toString()));
    socket.once('close', () => (closed = true));
    socket.write('before ');
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toBe('before ');

    proxy.cut('stall');
    socket.write('held');
    await new Promise((r) => setTimeout(r, 300));
    expect({ received, closed }).toEqual({ received: 'before ', closed: false });

    proxy.restore();
    await new Promise((r) => setTimeout(r, 300));
    expect({ received, closed }).toEqual({ received: 'before held', closed: false });
    socket.destroy();
  });
});
