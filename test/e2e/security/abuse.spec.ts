import { randomUUID } from 'node:crypto';
import { gatewayClient, type GatewayClient, type GatewayResponse } from '../support/http.js';
import { useStack } from '../support/stack.js';
import { expectStatus, problemOf, unique, type Actor } from './support.js';

/**
 * Login and sign-up under attack, through two gateway replicas sharing identity's counters:
 * failures limited per account and client address (IPv6 per /64), attempts per address, 429 with Retry-After, and one answer for every
 * bad credential. The stack trusts one proxy hop, as behind an ingress: the address is the one
 * that proxy appended to X-Forwarded-For, whatever the client wrote before it.
 */
describe('abuse resistance', () => {
  const stack = useStack({
    services: ['identity'],
    gateways: 2,
    env: {
      AUTH_TRUSTED_PROXY_HOPS: '1',
      LOGIN_MAX_PER_IP: '5',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      SIGNUP_MAX_PER_IP: '3',
      SIGNUP_MAX_PER_ACCOUNT: '2',
    },
  });
  let gw: GatewayClient[];
  let ipSeq = 0;
  /** A fresh client address, as the trusted proxy would report it (after a spoofed entry). */
  const from = (ip = `198.51.100.${++ipSeq}`) => ({ 'x-forwarded-for': `10.${ipSeq}.0.1, ${ip}` });

  beforeAll(() => {
    gw = [gatewayClient(stack().gatewayUrl(0)), gatewayClient(stack().gatewayUrl(1))];
  });

  async function account(): Promise<Actor & { password: string }> {
    const password = `pw-${randomUUID()}`;
    const res = await gw[0]!.post<Actor>('/v1/auth/signup', { headers: from(), json: { email: `abuse-${unique()}@example.com`, password, name: 'Target', kind: 'creator', handle: `t_${unique()}` } });
    return { ...expectStatus(res, 201, 'signup').body, password };
  }

  function expectRateLimited(res: GatewayResponse<unknown>) {
    problemOf(res, 429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  }

  it('gives one answer to every bad credential, registered or not', async () => {
    const target = await account();
    const ip = from();
    const wrong = problemOf(await gw[0]!.post('/v1/auth/login', { headers: ip, json: { email: target.user.email, password: 'not-the-password' } }), 401);
    const nobody = problemOf(await gw[1]!.post('/v1/auth/login', { headers: ip, json: { email: `nobody-${unique()}@example.com`, password: 'not-the-password' } }), 401);
    expect(wrong).toEqual(nobody);
    expect(JSON.stringify(wrong)).not.toMatch(/exist|unknown|registered|not found/i);
  });

  it('slows and then stops guessing from one address, across replicas, without locking the owner out', async () => {
    const target = await account();
    const attacker = from();
    for (let i = 0; i < 3; i++) {
      problemOf(await gw[i % 2]!.post('/v1/auth/login', { headers: attacker, json: { email: target.user.email, password: `guess-${i}` } }), 401);
    }
    // From the attacker's address even the right password now waits, whichever replica answers…
    expectRateLimited(await gw[1]!.post('/v1/auth/login', { headers: attacker, json: { email: target.user.email, password: target.password } }));
    // …and case or spacing do not make it another account.
    expectRateLimited(await gw[0]!.post('/v1/auth/login', { headers: attacker, json: { email: target.user.email.toUpperCase(), password: target.password } }));
    // The owner, from another address, logs in.
    expectStatus(await gw[0]!.post('/v1/auth/login', { headers: from(), json: { email: target.user.email, password: target.password } }), 200);
  }, 30_000);

  it('counts an IPv6 client per /64', async () => {
    const target = await account();
    const inPrefix = (host: string) => ({ 'x-forwarded-for': `10.0.0.1, 2001:db8:aa:bb:${host}` });
    for (let i = 0; i < 3; i++) {
      problemOf(await gw[i % 2]!.post('/v1/auth/login', { headers: inPrefix(`${i + 1}::1`), json: { email: target.user.email, password: `guess-${i}` } }), 401);
    }
    expectRateLimited(await gw[0]!.post('/v1/auth/login', { headers: inPrefix('ffff::9'), json: { email: target.user.email, password: target.password } }));
    expectStatus(await gw[1]!.post('/v1/auth/login', { headers: { 'x-forwarded-for': '10.0.0.1, 2001:db8:aa:cc::1' }, json: { email: target.user.email, password: target.password } }), 200);
  }, 30_000);

  it('limits attempts per client address, whatever the client forges before the trusted hop', async () => {
    const victims = await Promise.all([account(), account()]);
    const ip = '203.0.113.77';
    for (let i = 0; i < 5; i++) {
      const spoofed = { 'x-forwarded-for': `1.2.3.${i}, ${ip}` };
      expectStatus(await gw[i % 2]!.post('/v1/auth/login', { headers: spoofed, json: { email: victims[i % 2]!.user.email, password: victims[i % 2]!.password } }), 200);
    }
    expectRateLimited(await gw[0]!.post('/v1/auth/login', { headers: { 'x-forwarded-for': `9.9.9.9, ${ip}` }, json: { email: victims[0]!.user.email, password: victims[0]!.password } }));
    // Another address is unaffected.
    expectStatus(await gw[1]!.post('/v1/auth/login', { headers: from(), json: { email: victims[0]!.user.email, password: victims[0]!.password } }), 200);
  });

  it('limits sign-ups per address and per account', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.99' };
    for (let i = 0; i < 3; i++) {
      expectStatus(await gw[i % 2]!.post('/v1/auth/signup', { headers: ip, json: { email: `bulk-${unique()}@example.com`, password: 'a-long-password', name: 'Bulk', kind: 'brand' } }), 201);
    }
    expectRateLimited(await gw[0]!.post('/v1/auth/signup', { headers: ip, json: { email: `bulk-${unique()}@example.com`, password: 'a-long-password', name: 'Bulk', kind: 'brand' } }));

    const email = `probe-${unique()}@example.com`;
    expectStatus(await gw[0]!.post('/v1/auth/signup', { headers: from(), json: { email, password: 'a-long-password', name: 'Probe', kind: 'brand' } }), 201);
    problemOf(await gw[1]!.post('/v1/auth/signup', { headers: from(), json: { email, password: 'a-long-password', name: 'Probe', kind: 'brand' } }), 409);
    // Probing one address for registration is capped too.
    expectRateLimited(await gw[0]!.post('/v1/auth/signup', { headers: from(), json: { email, password: 'a-long-password', name: 'Probe', kind: 'brand' } }));
  });
});
