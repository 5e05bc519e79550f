import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, type CryptoKey, type JWTHeaderParameters } from 'jose';
import { ACCESS_TOKEN, AppError, accessTokenClaimsSchema, principalFromClaims, type Principal } from '#libs/contracts';
import { unauthenticated } from '#libs/authz';
import { AccessTokenKeys } from './access-token-keys.js';
import { RevokedSessions } from './revoked-sessions.js';
import { SessionEventsListener } from './session-events.listener.js';
import { VerifiedTokens, type VerifiedToken } from './verified-tokens.js';

const CATCH_UP_WAIT_MS = 2_000;
const SESSION_FEED_UNAVAILABLE = () => new AppError('unavailable', 'Service unavailable', 'Sign-in sessions are still loading; retry shortly');

const MAX_TOKEN_LENGTH = 4096;
const CLOCK_TOLERANCE_SECONDS = 5;

export type KeyLookup = (kid: string) => Promise<CryptoKey | undefined>;

/** How long a verified token is taken on trust (besides its session and key, checked every time). */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_CAPACITY = 2_000;

export const verifiedTokens = (now: () => number = Date.now) =>
  new VerifiedTokens({ capacity: VERIFIED_CAPACITY, ttlMs: VERIFIED_TTL_MS, clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS, now });

/**
 * Verifies an access token with everything pinned: `alg` EdDSA only (so `none`, HS256 with the
 * public key, RS/ES confusion never reach a key), `typ` at+jwt, issuer, audience, a `kid`
 * identity published, `exp` (with 5 s of clock tolerance). Any failure is the same 401. With
 * `verified`, a token seen before skips the signature check (see VerifiedTokens); the session
 * and the key are checked on every use all the same.
 */
export async function verifyAccessToken(
  token: string,
  keyFor: KeyLookup,
  isSessionRevoked: (sid: string) => boolean = () => false,
  verified?: VerifiedTokens,
  now: () => number = Date.now,
): Promise<Principal> {
  if (token.length > MAX_TOKEN_LENGTH) throw unauthenticated();
  try {
    let known = verified?.get(token);
    // A key retired, or replaced under its kid, since: the token is checked again (and fails).
    if (known && (await keyFor(known.kid)) !== known.key) known = undefined;
    if (!known) {
      known = await verifySignatureAndClaims(token, keyFor, now);
      verified?.set(token, known);
    }
    // A signed, unexpired token of a session that has ended (logout, replayed refresh token,
    // changed role) is refused like any other bad token.
    if (isSessionRevoked(known.claims.sid)) throw unauthenticated();
    return principalFromClaims(known.claims);
  } catch (err) {
    if (err instanceof AppError && err.status >= 500) throw err; // identity unreachable: 503, not "your token is bad"
    throw unauthenticated();
  }
}

async function verifySignatureAndClaims(token: string, keyFor: KeyLookup, now: () => number): Promise<VerifiedToken> {
  let used: { key: CryptoKey; kid: string } | undefined;
  const { payload } = await jwtVerify(
    token,
    async (header: JWTHeaderParameters) => {
      if (header.alg !== ACCESS_TOKEN.algorithm) throw new errors.JOSEAlgNotAllowed('alg not allowed');
      if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 128) throw new errors.JWKSNoMatchingKey();
      const key = await keyFor(header.kid);
      if (!key) throw new errors.JWKSNoMatchingKey();
      used = { key, kid: header.kid };
      return key;
    },
    {
      algorithms: [ACCESS_TOKEN.algorithm],
      typ: ACCESS_TOKEN.type,
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(now()),
    },
  );
  const claims = accessTokenClaimsSchema.safeParse(payload);
  if (!claims.success || !used || typeof payload.exp !== 'number') throw unauthenticated();
  return { claims: claims.data, exp: payload.exp, ...used };
}

@Injectable()
export class AccessTokenVerifier {
  private readonly verified = verifiedTokens();

  constructor(
    @Inject(AccessTokenKeys) private readonly keys: AccessTokenKeys,
    @Inject(RevokedSessions) private readonly sessions: RevokedSessions,
    @Inject(SessionEventsListener) private readonly sessionFeed: SessionEventsListener,
  ) {}

  async verify(token: string): Promise<Principal> {
    // Only the first requests after start can wait here; afterwards this is a resolved promise.
    if (!(await this.sessionFeed.whenCaughtUp(CATCH_UP_WAIT_MS))) throw SESSION_FEED_UNAVAILABLE();
    return verifyAccessToken(token, (kid) => this.keys.keyFor(kid), (sid) => this.sessions.isRevoked(sid), this.verified);
  }
}
