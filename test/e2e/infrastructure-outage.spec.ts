import { eventually } from '#libs/testing';
import { gatewayClient, type Problem } from './support/http.js';
import { useStack } from './support/stack.js';
import { bearer, signup } from './security/support.js';

/**
 * What a client sees while the platform's own infrastructure is away: a request it may retry
 * (503 with Retry-After), never a 500 that blames the request, and service again once the
 * database or the bus is back.
 */
describe('infrastructure outages, seen from the gateway', () => {
  const stack = useStack({ services: ['identity'], databaseProxy: true });
  const api = () => gatewayClient(stack().gatewayUrl());
  let attempt = 0;
  const signUp = () => {
    attempt += 1;
    return api().post<Problem>('/v1/auth/signup', {
      json: { email: `outage-${attempt}-${Date.now()}@example.com`, password: `pw-outage-${attempt}-long-enough`, name: 'Outage Test', kind: 'manager', organization: { name: 'Outage Agency' } },
    });
  };

  it('answers 503 problem+json with Retry-After while identity cannot reach PostgreSQL, and signs up once it can', async () => {
    await signup(api(), 'manager', { org: 'Before The Outage' });
    stack().databaseProxy!.cut('refuse');
    try {
      const res = await signUp();
      expect(res.status).toBe(503);
      expect(res.contentType).toBe('application/problem+json');
      expect(res.body.type).toMatch(/\/unavailable$/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      // Nothing about the database reaches the client.
      expect(res.text).not.toMatch(/ECONN|postgres|5432|connection/i);
    } finally {
      stack().databaseProxy!.restore();
    }
    const after = await eventually(async () => {
      const res = await signUp();
      return res.status === 201 && res;
    }, 20_000, 200);
    expect(after.status).toBe(201);
  }, 60_000);

  it('serves a signed-in request again after the NATS server restarts under the running gateway', async () => {
    const manager = await signup(api(), 'manager', { org: 'Through The Restart' });
    expect((await api().get('/v1/me', { headers: bearer(manager) })).status).toBe(200);

    await stack().nats.stop({ keepStore: true });
    await stack().nats.restart();

    const me = await eventually(async () => {
      const res = await api().get('/v1/me', { headers: bearer(manager) });
      return res.status === 200 && res;
    }, 30_000, 250);
    expect(me.status).toBe(200);
  }, 60_000);
});
