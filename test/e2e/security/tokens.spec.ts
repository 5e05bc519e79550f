import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { decodeJwt, importJWK, SignJWT, type CryptoKey } from 'jose';
import { ACCESS_TOKEN } from '#libs/contracts';
import { gatewayClient, type GatewayClient } from '../support/http.js';
import { useStack } from '../support/stack.js';
import { bearer, expectStatus, problemOf, query, ROOMY_LIMITS, signup, type Actor } from './support.js';

/** A private Ed25519 JWK, as an operator would put in JWT_PRIVATE_KEYS. */
function ed25519Jwk() {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as { kty: 'OKP'; crv: 'Ed25519'; d: string; x: string };
  return { ...jwk, kid: `test-${randomUUID().slice(0, 8)}` };
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/**
 * Access and refresh tokens under attack, through the gateway. The test owns identity's keys
 * (JWT_PRIVATE_KEYS: a current key and a previous one still accepted during rotation), so it
 * can mint exactly the token each attack needs — and prove with a control token that minting
 * works, so each refusal is the verifier's doing.
 */
describe('tokens', () => {
  const keys = [ed25519Jwk(), ed25519Jwk()];
  const stack = useStack({ services: ['identity'], env: { ...ROOMY_LIMITS, JWT_PRIVATE_KEYS: JSON.stringify(keys) } });
  let api: GatewayClient;
  let user: Actor;
  let current: CryptoKey;
  let previous: CryptoKey;
  let stranger: CryptoKey;

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    user = await signup(api, 'manager', { org: 'Token Agency' });
    current = (await importJWK(keys[0]!, 'EdDSA')) as CryptoKey;
    previous = (await importJWK(keys[1]!, 'EdDSA')) as CryptoKey;
    stranger = (await importJWK(ed25519Jwk(), 'EdDSA')) as CryptoKey;
  });

  const claims = () => ({ tp_kind: user.user.kind, tp_org: user.organization!.id, tp_org_kind: 'agency', tp_role: user.role, sid: decodeJwt(user.accessToken).sid });
  function mint(opts: { key?: CryptoKey; kid?: string; alg?: string; typ?: string; iss?: string; aud?: string; exp?: number; sub?: string; body?: object } = {}) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims(), ...opts.body })
      .setProtectedHeader({ alg: opts.alg ?? 'EdDSA', kid: opts.kid ?? keys[0]!.kid, typ: opts.typ ?? ACCESS_TOKEN.type })
      .setSubject(opts.sub ?? user.user.id)
      .setIssuer(opts.iss ?? ACCESS_TOKEN.issuer)
      .setAudience(opts.aud ?? ACCESS_TOKEN.audience)
      .setIssuedAt(now - 5)
      .setExpirationTime(opts.exp ?? now + 600)
      .setJti(randomUUID())
      .sign(opts.key ?? current);
  }
  const me = (token: string) => api.get('/v1/me', { headers: { authorization: `Bearer ${token}` } });
  const refused = async (token: string) => {
    const res = await me(token);
    problemOf(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  };

  it('signs with the first configured key and accepts tokens of the previous one (rotation)', async () => {
    const header = JSON.parse(Buffer.from(user.accessToken.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'EdDSA', kid: keys[0]!.kid, typ: 'at+jwt' });
    expectStatus(await me(user.accessToken), 200);
    expectStatus(await me(await mint()), 200); // control: a minted token is accepted…
    expectStatus(await me(await mint({ key: previous, kid: keys[1]!.kid })), 200); // …also by the previous key
  });

  it('refuses a tampered token', async () => {
    const [h, p, s] = user.accessToken.split('.');
    const payload = decodeJwt(user.accessToken);
    await refused(`${h}.${b64({ ...payload, tp_role: 'owner', sub: randomUUID() })}.${s}`);
    await refused(`${h}.${p}.${s!.slice(0, -4)}AAAA`);
    await refused(`${b64({ alg: 'EdDSA', kid: keys[1]!.kid, typ: 'at+jwt' })}.${p}.${s}`); // signature of another key's header
  });

  it('refuses an expired token, and tokens for another issuer, audience or type', async () => {
    await refused(await mint({ exp: Math.floor(Date.now() / 1000) - 10 }));
    await refused(await mint({ iss: 'https://evil.example' }));
    await refused(await mint({ aud: 'someone-else' }));
    await refused(await mint({ typ: 'JWT' }));
  });

  it('refuses an unknown kid, and a foreign key presenting a known kid', async () => {
    await refused(await mint({ kid: 'no-such-kid' }));
    await refused(await mint({ key: stranger, kid: keys[0]!.kid }));
    await refused(await mint({ key: stranger, kid: 'attacker-kid' }));
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = b64({ ...claims(), sub: user.user.id, iss: ACCESS_TOKEN.issuer, aud: ACCESS_TOKEN.audience, iat: now, exp: now + 600, jti: randomUUID() });
    for (const alg of ['none', 'None', 'NONE']) await refused(`${b64({ alg, kid: keys[0]!.kid, typ: ACCESS_TOKEN.type })}.${body}.`);
  });

  it('refuses HS256 signed with the public key (RS/HS-style confusion)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64({ alg: 'HS256', kid: keys[0]!.kid, typ: ACCESS_TOKEN.type });
    const body = b64({ ...claims(), sub: user.user.id, iss: ACCESS_TOKEN.issuer, aud: ACCESS_TOKEN.audience, iat: now, exp: now + 600, jti: randomUUID() });
    const publicJwk = { kty: 'OKP', crv: 'Ed25519', x: keys[0]!.x, kid: keys[0]!.kid, alg: 'EdDSA', use: 'sig' };
    for (const secret of [JSON.stringify(publicJwk), keys[0]!.x, Buffer.from(keys[0]!.x, 'base64url')]) {
      await refused(`${header}.${body}.${createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url')}`);
    }
  });

  it('refuses missing and malformed Authorization headers', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer' }, { authorization: `bearer ${user.accessToken}x` }, { authorization: `Bearer ${'a'.repeat(5000)}.b.c` }]) {
      problemOf(await api.get('/v1/me', { headers }), 401);
    }
  });

  it('rotates refresh tokens; a replayed one revokes the family, so the newer one dies too', async () => {
    const victim = await signup(api, 'creator');
    const second = expectStatus(await api.post<{ refreshToken: string; accessToken: string }>('/v1/auth/refresh', { json: { refreshToken: victim.refreshToken } }), 200).body;
    expect(second.refreshToken).not.toBe(victim.refreshToken);
    expectStatus(await me(second.accessToken), 200);
    // The attacker replays the first token…
    problemOf(await api.post('/v1/auth/refresh', { json: { refreshToken: victim.refreshToken } }), 401);
    // …and the legitimate holder's newer token stopped working with it.
    problemOf(await api.post('/v1/auth/refresh', { json: { refreshToken: second.refreshToken } }), 401);
    const rows = await query<{ n: number; revoked: number }>(
      stack().db.url,
      `select count(*)::int as n, count(revoked_at)::int as revoked from identity.refresh_tokens where user_id = $1`,
      [victim.user.id],
    );
    expect(rows[0]).toEqual({ n: 2, revoked: 2 });
  });

  it('logs out by revoking the family', async () => {
    const s = await signup(api, 'creator');
    const res = await api.post('/v1/auth/logout', { headers: bearer(s), json: { refreshToken: s.refreshToken } });
    expectStatus(res, 204);
    problemOf(await api.post('/v1/auth/refresh', { json: { refreshToken: s.refreshToken } }), 401);
    problemOf(await api.post('/v1/auth/logout', { json: { refreshToken: s.refreshToken } }), 401); // logout needs the access token
  });

  it('never stores a refresh token or password in the clear', async () => {
    const s = await signup(api, 'brand', { org: 'Plaintext Check' });
    const rows = await query<{ hit: number }>(
      stack().db.url,
      `select (select count(*) from identity.refresh_tokens where token_hash = $1)::int
            + (select count(*) from identity.users where password_hash like '%' || $2 || '%')::int as hit`,
      [s.refreshToken, s.password],
    );
    expect(rows[0]!.hit).toBe(0);
  });
});
