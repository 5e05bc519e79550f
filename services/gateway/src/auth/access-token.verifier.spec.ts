import { createHmac, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey } from 'jose';
import { ACCESS_TOKEN, AppError } from '#libs/contracts';
import { verifiedTokens, verifyAccessToken } from './access-token.verifier.js';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

describe('verifyAccessToken', () => {
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  let publicJwk: Record<string, unknown>;
  let otherPrivate: CryptoKey;
  const kid = 'k-current';
  const claims = () => ({ tp_kind: 'manager', tp_org: randomUUID(), tp_org_kind: 'agency', tp_role: 'owner', sid: randomUUID() });
  const keys = () => async (k: string) => (k === kid ? publicKey : undefined);

  beforeAll(async () => {
    ({ privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true }));
    publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' };
    ({ privateKey: otherPrivate } = await generateKeyPair('EdDSA', { crv: 'Ed25519' }));
  });

  function sign(opts: { key?: CryptoKey; kid?: string; typ?: string; iss?: string; aud?: string; exp?: number; body?: Record<string, unknown> } = {}) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(opts.body ?? claims())
      .setProtectedHeader({ alg: 'EdDSA', kid: opts.kid ?? kid, typ: opts.typ ?? ACCESS_TOKEN.type })
      .setSubject(randomUUID())
      .setIssuer(opts.iss ?? ACCESS_TOKEN.issuer)
      .setAudience(opts.aud ?? ACCESS_TOKEN.audience)
      .setIssuedAt(now)
      .setExpirationTime(opts.exp ?? now + 600)
      .setJti(randomUUID())
      .sign(opts.key ?? privateKey);
  }
  const rejected = async (token: string) => {
    const err = await verifyAccessToken(token, keys()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(401);
  };

  it('accepts a well-formed token and builds the principal from its claims', async () => {
    const body = claims();
    const principal = await verifyAccessToken(await sign({ body }), keys());
    expect(principal).toMatchObject({ kind: 'manager', orgId: body.tp_org, orgKind: 'agency', role: 'owner' });
    expect(principal.actingFor).toBeUndefined();
  });

  it('rejects a tampered payload', async () => {
    const [h, , s] = (await sign()).split('.');
    await rejected(`${h}.${b64({ ...claims(), sub: randomUUID(), tp_role: 'owner', iss: ACCESS_TOKEN.issuer, aud: ACCESS_TOKEN.audience, exp: 9e9, iat: 1, jti: 'x' })}.${s}`);
  });

  it('rejects expired tokens, and wrong issuer, audience or typ', async () => {
    await rejected(await sign({ exp: Math.floor(Date.now() / 1000) - 30 }));
    await rejected(await sign({ iss: 'someone-else' }));
    await rejected(await sign({ aud: 'another-app' }));
    await rejected(await sign({ typ: 'JWT' }));
  });

  it('rejects an unknown kid and a key identity never published under a known kid', async () => {
    await rejected(await sign({ kid: 'k-unknown' }));
    await rejected(await sign({ key: otherPrivate }));
  });

  it('rejects alg none, with or without a signature', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = b64({ ...claims(), sub: randomUUID(), iss: ACCESS_TOKEN.issuer, aud: ACCESS_TOKEN.audience, iat: now, exp: now + 600, jti: 'j' });
    await rejected(`${b64({ alg: 'none', kid, typ: ACCESS_TOKEN.type })}.${body}.`);
    await rejected(`${b64({ alg: 'none', kid, typ: ACCESS_TOKEN.type })}.${body}.${b64('x')}`);
    await rejected(`${b64({ alg: 'NONE', kid, typ: ACCESS_TOKEN.type })}.${body}.`);
  });

  it('rejects HS256 signed with the public key (algorithm confusion) in every encoding', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = b64({ ...claims(), sub: randomUUID(), iss: ACCESS_TOKEN.issuer, aud: ACCESS_TOKEN.audience, iat: now, exp: now + 600, jti: 'j' });
    const header = b64({ alg: 'HS256', kid, typ: ACCESS_TOKEN.type });
    for (const secret of [JSON.stringify(publicJwk), Buffer.from(publicJwk.x as string, 'base64url'), publicJwk.x as string]) {
      const sig = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
      await rejected(`${header}.${body}.${sig}`);
    }
    // Even if a lookup handed out a symmetric key, the pinned algorithm refuses it first.
    const hmacKey = await importJWK({ kty: 'oct', k: publicJwk.x as string }, 'HS256');
    const viaHmac = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid, typ: ACCESS_TOKEN.type }).setSubject(randomUUID()).setIssuer(ACCESS_TOKEN.issuer).setAudience(ACCESS_TOKEN.audience).setIssuedAt().setExpirationTime('10m').setJti('j').sign(hmacKey);
    await rejected(viaHmac);
  });

  it('rejects garbage, oversized tokens and missing claims', async () => {
    for (const t of ['', 'a.b.c', 'not-a-jwt', `${'a'.repeat(5000)}.b.c`]) await rejected(t);
    await rejected(await sign({ body: { tp_kind: 'manager' } }));
    await rejected(await sign({ body: { ...claims(), tp_role: 'superuser' } }));
  });

  it('says 503, not 401, when the key set cannot be fetched', async () => {
    const down = async () => {
      throw new AppError('unavailable', 'Service unavailable', 'identity is not answering');
    };
    const err = await verifyAccessToken(await sign(), down).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(503);
  });

  describe('with tokens verified before', () => {
    /** A clock for the memo and the verifier alike, moved by the test. */
    const clock = () => {
      let at = Date.now();
      return { now: () => at, advance: (ms: number) => (at += ms) };
    };
    const status = (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof AppError ? e.status : 500));

    it('skips the signature check for the same token, and only for the same bytes', async () => {
      const t = clock();
      const memo = verifiedTokens(t.now);
      let lookups = 0;
      const counting = async (k: string) => (lookups++, k === kid ? publicKey : undefined);
      const token = await sign();
      const first = await verifyAccessToken(token, counting, undefined, memo, t.now);
      const again = await verifyAccessToken(token, counting, undefined, memo, t.now);
      expect(again).toEqual(first);
      expect(memo.size).toBe(1);
      // The payload swapped under the cached token's signature is another string: verified, refused.
      const [h, , sig] = token.split('.');
      const forged = `${h}.${b64({ ...claims(), sub: randomUUID(), iss: ACCESS_TOKEN.issuer, aud: ACCESS_TOKEN.audience, exp: 9e9, iat: 1, jti: 'x' })}.${sig}`;
      expect(await status(verifyAccessToken(forged, counting, undefined, memo, t.now))).toBe(401);
      expect(memo.size).toBe(1);
      expect(lookups).toBeGreaterThan(0);
    });

    it('still refuses a remembered token once its session ends, its key is retired or replaced, or it expires', async () => {
      const t = clock();
      const memo = verifiedTokens(t.now);
      const revoked = new Set<string>();
      let trusted: CryptoKey | undefined = publicKey;
      const lookup = async (k: string) => (k === kid ? trusted : undefined);
      const body = claims();
      const token = await sign({ body, exp: Math.floor(t.now() / 1000) + 30 });
      const use = () => status(verifyAccessToken(token, lookup, (sid) => revoked.has(sid), memo, t.now));

      expect(await use()).toBe(200);
      revoked.add(body.sid);
      expect(await use()).toBe(401);
      revoked.clear();
      expect(await use()).toBe(200);

      trusted = undefined;
      expect(await use()).toBe(401);
      // The same kid now names a key that did not sign this token.
      const { publicKey: other } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      trusted = other;
      expect(await use()).toBe(401);
      trusted = publicKey;
      expect(await use()).toBe(200);

      t.advance(36_000); // past exp and the 5 s tolerance, within the memo's minute
      expect(await use()).toBe(401);
    });

    it('holds at most its capacity, dropping the oldest', async () => {
      const t = clock();
      const memo = verifiedTokens(t.now);
      const tokens = await Promise.all(Array.from({ length: 2_001 }, () => sign()));
      for (const token of tokens) await verifyAccessToken(token, keys(), undefined, memo, t.now);
      expect(memo.size).toBe(2_000);
      expect(memo.get(tokens[0]!)).toBeUndefined();
      expect(memo.get(tokens[2_000]!)).toBeDefined();
      t.advance(61_000);
      expect(memo.get(tokens[2_000]!)).toBeUndefined();
    });
  });
});
