import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey } from 'jose';
import { ACCESS_TOKEN } from '#libs/contracts';
import { generateSigningJwk, parsePrivateKeys, SigningKeyConfigError } from './signing-keys.js';
import { signAccessToken } from './access-token.js';

describe('JWT_PRIVATE_KEYS', () => {
  it('accepts an array of private Ed25519 JWKs, first one current, and fills in a missing kid', async () => {
    const [a, b] = [await generateSigningJwk(), await generateSigningJwk()];
    const { kid: _drop, ...noKid } = b;
    const keys = await parsePrivateKeys(JSON.stringify([a, noKid]));
    expect(keys.map((k) => k.kid)).toEqual([a.kid, b.kid]); // the thumbprint, as generated
  });

  it('refuses bad configurations without ever echoing the secret', async () => {
    const good = await generateSigningJwk();
    const other = await generateSigningJwk();
    const cases = [
      'not json',
      '[]',
      JSON.stringify({ ...good }),
      JSON.stringify([{ ...good, kty: 'RSA' }]),
      JSON.stringify([{ ...good, d: other.d }]), // d of another key
      JSON.stringify([good, { ...other, kid: good.kid }]), // duplicate kid
      JSON.stringify([{ kty: 'oct', k: good.d }]),
    ];
    for (const raw of cases) {
      const err = await parsePrivateKeys(raw).then(() => undefined, (e: unknown) => e as Error);
      expect(err).toBeInstanceOf(SigningKeyConfigError);
      expect(err!.message).not.toContain(good.d);
      expect(err!.message).not.toContain(other.d);
    }
  });

  it('signs access tokens that verify with the public half, naming the key', async () => {
    const jwk = await generateSigningJwk();
    const privateKey = (await importJWK({ kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x }, 'EdDSA')) as CryptoKey;
    const sub = randomUUID();
    const token = await signAccessToken(
      { kid: jwk.kid, privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid, alg: 'EdDSA', use: 'sig' } },
      { sub, tp_kind: 'creator', tp_org: null, tp_org_kind: null, tp_role: null, sid: randomUUID() },
      600,
    );
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: jwk.kid, typ: 'at+jwt' });
    const { payload } = await jwtVerify(token, await importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, 'EdDSA'), {
      algorithms: ['EdDSA'],
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
      typ: ACCESS_TOKEN.type,
    });
    expect(payload).toMatchObject({ sub, tp_kind: 'creator', tp_org: null });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });
});
