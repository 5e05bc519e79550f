import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN, type AccessTokenClaims } from '#libs/contracts';
import type { LoadedKey } from './signing-keys.js';

/**
 * A short-lived EdDSA JWT naming the user, their kind, organization and role. Verifiers pin
 * `alg`, `typ`, issuer and audience, and find the key by `kid`.
 */
export async function signAccessToken(key: LoadedKey, claims: AccessTokenClaims, ttlSeconds: number, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const { sub, ...custom } = claims;
  return new SignJWT(custom)
    .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, kid: key.kid, typ: ACCESS_TOKEN.type })
    .setSubject(sub)
    .setIssuer(ACCESS_TOKEN.issuer)
    .setAudience(ACCESS_TOKEN.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}
