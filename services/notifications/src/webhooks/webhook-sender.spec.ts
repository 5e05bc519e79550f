import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendAttempt, type SenderOptions } from './webhook-sender.js';

const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' };
const options: SenderOptions = { allowPrivate: true, timeoutMs: 2_000, maxRequestBytes: 1_024, maxResponseBytes: 1_024 };

describe('webhook sender', () => {
  let server: Server;
  let base: string;
  let seen: { headers: IncomingHttpHeaders; body: string }[];
  let answer: (path: string, res: import('node:http').ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        answer(req.url!, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    seen = [];
    answer = (_p, res) => res.writeHead(204).end();
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });

  it('posts the body with the webhook headers and reports the status', async () => {
    await expect(sendAttempt(`${base}/in`, headers, '{"a":1}', options)).resolves.toEqual({ status: 204, error: null });
    expect(seen[0]).toMatchObject({ body: '{"a":1}', headers: { ...headers, 'content-type': 'application/json' } });
  });

  it('refuses 127.0.0.1 without WEBHOOKS_ALLOW_PRIVATE, sending nothing', async () => {
    const outcome = await sendAttempt(`${base}/in`, headers, '{}', { ...options, allowPrivate: false });
    expect(outcome).toEqual({ status: null, error: 'refused target 127.0.0.1: 127.0.0.1 is a loopback address' });
    expect(seen).toHaveLength(0);
  });

  it('refuses a public-looking name that resolves to an internal address', async () => {
    const outcome = await sendAttempt(`http://hooks.example.com:1/in`, headers, '{}', { ...options, allowPrivate: false, resolve: async () => [{ address: '10.0.0.7', family: 4 }] });
    expect(outcome.error).toContain('10.0.0.7 is a private address');
  });

  it('does not follow a redirect: the 3xx is the outcome', async () => {
    answer = (path, res) => (path === '/in' ? res.writeHead(302, { location: `${base}/elsewhere` }).end() : res.writeHead(200).end());
    await expect(sendAttempt(`${base}/in`, headers, '{}', options)).resolves.toEqual({ status: 302, error: null });
    expect(seen.map((s) => s.body)).toHaveLength(1);
  });

  it('gives up after the timeout', async () => {
    answer = () => undefined;
    const outcome = await sendAttempt(`${base}/in`, headers, '{}', { ...options, timeoutMs: 200 });
    expect(outcome).toEqual({ status: null, error: 'no answer within 200 ms' });
  });

  it('refuses a body over the cap and stops reading a long answer at its cap', async () => {
    expect(await sendAttempt(`${base}/in`, headers, 'x'.repeat(2_000), options)).toMatchObject({ status: null, error: expect.stringContaining('over the 1024-byte cap') });
    answer = (_p, res) => res.writeHead(500).end('y'.repeat(1_000_000));
    await expect(sendAttempt(`${base}/in`, headers, '{}', options)).resolves.toEqual({ status: 500, error: null });
  });

  it('reports a refused connection', async () => {
    const outcome = await sendAttempt('http://127.0.0.1:1/in', headers, '{}', options);
    expect(outcome).toMatchObject({ status: null, error: expect.stringContaining('request failed') });
  });
});
