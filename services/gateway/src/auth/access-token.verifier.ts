import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, type CryptoKey, type JWTHeaderParameters } from 'jose';
import { ACCESS_TOKEN, AppError, accessTokenClaimsSchema, principalFromClaims, type Principal } from '#libs/contracts';
import { unauthenticated } from '#libs/authz';
import { AccessTokenKeys } from './access-token-keys.js';
import { RevokedSessions } from './revoked-sessions.js';
import { SessionEventsListener } from './session-events.listener.js';

const CATCH_UP_WAIT_MS = 2_000;
const SESSION_FEED_UNAVAILABLE = () => new AppError('unavailable', 'Service unavailable', 'Sign-in sessions are still loading; retry shortly');

const MAX_TOKEN_LENGTH = 4096;
const CLOCK_TOLERANCE_SECONDS = 5;

export type KeyLookup = (kid: string) => Promise<CryptoKey | undefined>;

/**
 * Verifies an access token with everything pinned: `alg` EdDSA only (so `none`, HS256 with the
 * public key, RS/ES confusion never reach a key), `typ` at+jwt, issuer, audience, a `kid`
 * identity published, `exp` (with 5 s of clock tolerance). Any failure is the same 401.
 */
export async function verifyAccessToken(token: string, keyFor: KeyLookup, isSessionRevoked: (sid: string) => boolean = () => false): Promise<Principal> {
  if (token.length > MAX_TOKEN_LENGTH) throw unauthenticated();
  try {
    const { payload } = await jwtVerify(
      token,
      async (header: JWTHeaderParameters) => {
        if (header.alg !== ACCESS_TOKEN.algorithm) throw new errors.JOSEAlgNotAllowed('alg not allowed');
        if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 128) throw new errors.JWKSNoMatchingKey();
        const key = await keyFor(header.kid);
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      {
        algorithms: [ACCESS_TOKEN.algorithm],
        typ: ACCESS_TOKEN.type,
        issuer: ACCESS_TOKEN.issuer,
        audience: ACCESS_TOKEN.audience,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      },
    );
    const claims = accessTokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw unauthenticated();
    // A signed, unexpired token of a session that has ended (logout, replayed refresh token,
    // changed role) is refused like any other bad token.
    if (isSessionRevoked(claims.data.sid)) throw unauthenticated();
    return principalFromClaims(claims.data);
  } catch (err) {
    if (err instanceof AppError && err.status >= 500) throw err; // identity unreachable: 503, not "your token is bad"
    throw unauthenticated();
  }
}

@Injectable()
export class AccessTokenVerifier {
  constructor(
    @Inject(AccessTokenKeys) private readonly keys: AccessTokenKeys,
    @Inject(RevokedSessions) private readonly sessions: RevokedSessions,
    @Inject(SessionEventsListener) private readonly sessionFeed: SessionEventsListener,
  ) {}

  async verify(token: string): Promise<Principal> {
    // Only the first requests after start can wait here; afterwards this is a resolved promise.
    if (!(await this.sessionFeed.whenCaughtUp(CATCH_UP_WAIT_MS))) throw SESSION_FEED_UNAVAILABLE();
    return verifyAccessToken(token, (kid) => this.keys.keyFor(kid), (sid) => this.sessions.isRevoked(sid));
  }
}
