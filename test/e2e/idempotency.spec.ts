import { createHash } from 'node:crypto';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { IDEMPOTENCY_KEY_HEADER } from '#libs/contracts';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { bearer, expectStatus, query, ROOMY_LIMITS, signup, unique, type Actor } from './security/support.js';

/**
 * A retried sign-up, login or refresh returns its first answer, yet whoever reads the
 * gateway's idempotency bucket or identity's tables finds no token in them; and every other
 * write names its command to the service it calls.
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

  it('replays sign-up, login and refresh, and neither the bucket nor identity keeps a JWT, refresh token or password', async () => {
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
    // Answers that carry tokens are not given to the service to keep (no tp-idempotency-key).
    const commands = await query<{ row: string }>(stack().db.url, 'select row_to_json(c)::text as row from identity.processed_commands c');
    for (const value of [...values, ...commands.map((c) => c.row)]) {
      expect(value).not.toContain('eyJ');
      for (const secret of [...secrets, password, email]) expect(value).not.toContain(secret);
    }
  });

  it('sends the service a caller-scoped key for every other write: the Idempotency-Key, or else the request id', async () => {
    const user = await signup(api, 'brand', { org: 'Idem Brand' });
    const seen: { subject: string; key: string }[] = [];
    const sub = nc.subscribe('identity.auth.*.v1', { callback: (_err, msg) => void seen.push({ subject: msg.subject, key: msg.headers?.get(IDEMPOTENCY_KEY_HEADER) ?? '' }) });
    await nc.flush();
    try {
      const requestId = `req-${unique()}`;
      expectStatus(await api.post('/v1/auth/logout', { json: { refreshToken: 'unknown-token' }, headers: { ...bearer(user), 'idempotency-key': 'client-key-1' } }), 204);
      expectStatus(await api.post('/v1/auth/logout', { json: { refreshToken: 'unknown-token' }, headers: { ...bearer(user), 'x-request-id': requestId } }), 204);
      await once('/v1/auth/login', { email: `nobody-${unique()}@example.com`, password: 'not-the-password' }, 'client-key-2');
      await nc.flush();
      const scoped = (k: string) => createHash('sha256').update(`${user.user.id}\n${k}`).digest('hex');
      expect(seen).toEqual([
        { subject: 'identity.auth.logout.v1', key: scoped('client-key-1') },
        { subject: 'identity.auth.logout.v1', key: scoped(`request-id:${requestId}`) },
        { subject: 'identity.auth.login.v1', key: '' },
      ]);
    } finally {
      sub.unsubscribe();
    }
  });
});
