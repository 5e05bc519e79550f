import { createHash } from 'node:crypto';
import { Kvm } from '@nats-io/kv';
import { connect, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { IDEMPOTENCY_KEY_HEADER } from '#libs/contracts';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { expectStatus, ROOMY_LIMITS, unique, type Actor } from './security/support.js';

/**
 * A retried sign-up, login or refresh returns its first answer, yet whoever reads the
 * gateway's idempotency bucket finds no token in it; and every write names its command to
 * the service it calls.
 */
describe('Idempotency-Key on the session routes', () => {
  const stack = useStack({ services: ['identity'], env: ROOMY_LIMITS });
  let api: GatewayClient;
  let nc: NatsConnection;

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    nc = await connect({ servers: stack().nats.url });
  });
  afterAll(async () => {
    await nc?.close();
  });

  const once = (path: string, json: unknown, key: string, headers: Record<string, string> = {}) =>
    api.post<Actor>(path, { json, headers: { 'idempotency-key': key, ...headers } });

  async function replayed(path: string, json: unknown, key: string, status: number): Promise<Actor> {
    const first = expectStatus(await once(path, json, key), status, path);
    const retry = expectStatus(await once(path, json, key), status, `${path} retried`);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    return first.body;
  }

  it('replays sign-up, login and refresh, and the bucket holds no JWT, refresh token or password', async () => {
    const password = `pw-${unique()}-long-enough`;
    const email = `idem-${unique()}@example.com`;
    const signedUp = await replayed('/v1/auth/signup', { email, password, name: 'Idem', kind: 'brand' }, `signup-${unique()}`, 201);
    const loggedIn = await replayed('/v1/auth/login', { email, password }, `login-${unique()}`, 200);
    const rotated = await replayed('/v1/auth/refresh', { refreshToken: loggedIn.refreshToken }, `refresh-${unique()}`, 200);
    const secrets = [signedUp, loggedIn, rotated].flatMap((s) => [s.accessToken, s.refreshToken]);
    expect(secrets.every((s) => typeof s === 'string' && s.length > 20)).toBe(true);

    const kv = await new Kvm(nc).open('gateway_idempotency');
    const values: string[] = [];
    for await (const key of await kv.keys()) {
      const entry = await kv.get(key);
      if (entry?.operation === 'PUT') values.push(entry.string());
    }
    expect(values.length).toBeGreaterThanOrEqual(3);
    for (const value of values) {
      expect(value).not.toContain('eyJ');
      for (const secret of [...secrets, password, email]) expect(value).not.toContain(secret);
    }
  });

  it('sends the service a caller-scoped key for every write: the Idempotency-Key, or else the request id', async () => {
    const seen: MsgHdrs[] = [];
    const sub = nc.subscribe('identity.auth.login.v1', { callback: (_err, msg) => void (msg.headers && seen.push(msg.headers)) });
    await nc.flush();
    try {
      const body = { email: `nobody-${unique()}@example.com`, password: 'not-the-password' };
      const requestId = `req-${unique()}`;
      await once('/v1/auth/login', body, 'client-key-1');
      await api.post('/v1/auth/login', { json: body, headers: { 'x-request-id': requestId } });
      await nc.flush();
      const keys = seen.map((h) => h.get(IDEMPOTENCY_KEY_HEADER));
      const scoped = (k: string) => createHash('sha256').update(`anonymous:127.0.0.1\n${k}`).digest('hex');
      expect(keys).toEqual([scoped('client-key-1'), scoped(`request-id:${requestId}`)]);
    } finally {
      sub.unsubscribe();
    }
  });
});
