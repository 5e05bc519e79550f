import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AppError,
  type MeResponse,
  type Principal,
  type SessionResponse,
  type TokenPair,
  type User as UserDto,
  type UserKind,
  userEvents,
} from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import { RATE_WINDOWS, type IdentityConfig } from '../identity.config.js';
import { UnitOfWork } from '#libs/service-defaults';
import { iso } from '../common/principal.js';
import { RateLimiter } from '../abuse/rate-limiter.js';
import { clientSource, loginFailureDelayMs } from '../abuse/login-throttle.rules.js';
import { AuditService } from '../audit/audit.service.js';
import { SigningKeys } from '../tokens/signing-keys.js';
import { signAccessToken } from '../tokens/access-token.js';
import { RefreshToken, Session } from '../tokens/token.entities.js';
import { endSessions, lockLiveSession } from '../tokens/session-revocation.js';
import { decideRefresh, generateRefreshToken, hashRefreshToken, REFRESH_TOKEN_PATTERN } from '../tokens/refresh-token.rules.js';
import { orgKindFor } from '../members/member.rules.js';
import { isPlatformAdmin } from '../api-keys/api-key.rules.js';
import { Member, Organization } from './organization.entity.js';
import { User } from './user.entity.js';
import { normalizeEmail } from './normalize.js';
import { checkSignup } from './account.rules.js';
import { burnPasswordCheck, checkPassword, hashPassword, needsRehash } from './password.js';
import { announceMembership } from '../members/member-events.js';

/** The one answer to a failed login, whatever failed. */
const badCredentials = () => new AppError('unauthenticated', 'Invalid credentials', 'Email or password is incorrect');
const badRefresh = () => new AppError('unauthenticated', 'Invalid refresh token', 'Log in again');

export function userDto(u: User): UserDto {
  return { id: u.id, email: u.email, name: u.name, kind: u.kind, handle: u.handle ?? null, createdAt: iso(u.createdAt) };
}

interface SignupInput {
  email: string;
  password: string;
  name: string;
  kind: UserKind;
  handle?: string;
  organization?: { name: string };
  clientIp: string | null;
}

/**
 * Accounts and sessions: sign-up, login, refresh rotation with family revocation, logout.
 * Passwords and tokens never reach a log line; failures name no account.
 */
@Injectable()
export class AccountsService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(SigningKeys) private readonly keys: SigningKeys,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async signup(req: SignupInput): Promise<SessionResponse> {
    const { email, handle } = checkSignup(req);
    if (req.clientIp) await this.limiter.hit({ bucket: 'signup:ip', subject: clientSource(req.clientIp), max: this.config.SIGNUP_MAX_PER_IP, windowSeconds: RATE_WINDOWS.signupPerIp });
    await this.limiter.hit({ bucket: 'signup:account', subject: email, max: this.config.SIGNUP_MAX_PER_ACCOUNT, windowSeconds: RATE_WINDOWS.signupPerAccount });

    const passwordHash = await hashPassword(req.password, this.config.PASSWORD_SCRYPT_LOG_N);
    try {
      return await this.uow.run(async (em) => {
        const now = new Date();
        const user = em.create(User, { id: randomUUID(), email, name: req.name.trim(), kind: req.kind, handle, passwordHash, createdAt: now, updatedAt: now });
        const orgKind = orgKindFor(req.kind);
        if (req.organization && orgKind) {
          const org = em.create(Organization, { id: randomUUID(), name: req.organization.name.trim(), kind: orgKind, createdAt: now });
          em.create(Member, { userId: user.id, orgId: org.id, role: 'owner', createdAt: now, updatedAt: now });
          announceMembership(em, { user, org, role: 'owner', at: now });
          this.audit.append(em, {
            action: 'org.created',
            actorUserId: user.id,
            actorOrgId: org.id,
            orgId: org.id,
            onBehalfOf: null,
            grantId: null,
            target: { type: 'organization', id: org.id },
            details: { kind: orgKind },
          });
        }
        enqueueEvent(em, userEvents.registered, {
          aggregateId: user.id,
          aggregateVersion: 1,
          payload: { userId: user.id, kind: user.kind, name: user.name, handle: user.handle ?? null, email: user.email, at: iso(now) },
        });
        await em.flush();
        return this.session(em, user, randomUUID(), now);
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        const taken = err.message.includes('users_handle_unique') ? 'handle' : 'email';
        throw new AppError('conflict', 'Already registered', `This ${taken} is already registered`, [{ path: taken, message: `This ${taken} is taken` }]);
      }
      throw err;
    }
  }

  /**
   * Failed attempts count per account *and* source (client address, IPv6 per /64), taken
   * before the password is checked: an attacker gets a few fast answers, then slower ones,
   * then 429 — from their address only, so the owner logging in elsewhere still gets in.
   */
  async login(req: { email: string; password: string; clientIp: string | null }): Promise<SessionResponse> {
    const source = clientSource(req.clientIp);
    if (req.clientIp) await this.limiter.hit({ bucket: 'login:ip', subject: source, max: this.config.LOGIN_MAX_PER_IP, windowSeconds: RATE_WINDOWS.loginPerIp });
    let email: string | undefined;
    try {
      email = normalizeEmail(req.email);
    } catch {
      email = undefined;
    }
    const accountLimit = {
      bucket: 'login:account-source',
      subject: `${email ?? req.email}\n${source}`,
      max: this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      windowSeconds: RATE_WINDOWS.loginFailuresPerAccount,
    };
    const attempts = await this.limiter.take(accountLimit);

    const reader = this.uow.reader();
    const user = email ? await reader.findOne(User, { email }) : null;
    const ok = user ? await checkPassword(req.password, user.passwordHash, this.config.PASSWORD_SCRYPT_LOG_N) : (await burnPasswordCheck(req.password, this.config.PASSWORD_SCRYPT_LOG_N), false);
    if (!ok || !user) {
      await sleep(loginFailureDelayMs(attempts));
      throw badCredentials();
    }
    await this.limiter.reset(accountLimit);
    const upgraded = needsRehash(user.passwordHash, this.config.PASSWORD_SCRYPT_LOG_N)
      ? await hashPassword(req.password, this.config.PASSWORD_SCRYPT_LOG_N)
      : undefined;
    return this.uow.run(async (em) => {
      const fresh = await em.findOneOrFail(User, { id: user.id });
      if (upgraded) fresh.passwordHash = upgraded;
      return this.session(em, fresh, randomUUID(), new Date());
    });
  }

  /**
   * Spends the presented token and issues its successor; a spent token burns its family.
   * Locks in the order every session change uses — member (FOR SHARE, in issue), session,
   * token — so a logout, a reuse burn or a role change racing this refresh either ends the
   * session after the successor exists (and so ends it too) or is seen here first.
   */
  async refresh(req: { refreshToken: string }): Promise<TokenPair> {
    if (!REFRESH_TOKEN_PATTERN.test(req.refreshToken)) throw badRefresh();
    const tokenHash = hashRefreshToken(req.refreshToken);
    const outcome = await this.uow.run(async (em) => {
      const now = new Date();
      const seen = await em.findOne(RefreshToken, { tokenHash });
      if (!seen) return { refused: 'unknown' };
      const user = await em.findOneOrFail(User, { id: seen.userId });
      const member = await this.membership(em, user.id, true);
      const session = await lockLiveSession(em, seen.familyId);
      // Re-read under the lock (not from the identity map): another refresh may have spent it meanwhile.
      const row = await em.findOne(RefreshToken, { tokenHash }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const decision = decideRefresh(row, now, session !== null);
      if (decision.kind === 'refuse') return { refused: decision.reason };
      if (decision.kind === 'reuse-detected') {
        await endSessions(em, { userId: row!.userId, familyId: row!.familyId, reason: 'refresh-reuse', now });
        this.logger.warn({ userId: row!.userId, familyId: row!.familyId }, 'refresh token reused: family revoked');
        return { refused: 'reused' };
      }
      row!.usedAt = now;
      const pair = await this.issue(em, user, row!.familyId, now, member);
      row!.replacedBy = pair.refreshId;
      return { pair: pair.tokens };
    });
    // The family revocation commits; the caller still only gets the generic refusal.
    if ('refused' in outcome) throw badRefresh();
    return outcome.pair;
  }

  async logout(principal: Principal, req: { refreshToken: string }): Promise<{ revoked: boolean }> {
    if (!REFRESH_TOKEN_PATTERN.test(req.refreshToken)) return { revoked: false };
    return this.uow.run(async (em) => {
      const row = await em.findOne(RefreshToken, { tokenHash: hashRefreshToken(req.refreshToken) });
      // Somebody else's token is not revealed, and not revoked.
      if (!row || row.userId !== principal.userId) return { revoked: false };
      await endSessions(em, { userId: row.userId, familyId: row.familyId, reason: 'logout', now: new Date() });
      return { revoked: true };
    });
  }

  async me(principal: Principal): Promise<MeResponse> {
    const em = this.uow.reader();
    const user = await em.findOne(User, { id: principal.userId });
    if (!user) throw new AppError('unauthenticated', 'Authentication required', 'Send a valid access token');
    const { org, role } = await this.membership(em, user.id);
    return {
      user: userDto(user),
      organization: org ? { id: org.id, name: org.name, kind: org.kind } : null,
      role,
      platformOperator: isPlatformAdmin(user.email, this.config.PLATFORM_ADMINS),
    };
  }

  /**
   * `lock` (FOR SHARE) is for issuing tokens: a role change or removal running at the same
   * moment (it locks the member row FOR UPDATE) either commits first and the token carries
   * the new role, or waits for this session to commit and then ends it.
   */
  private async membership(em: EntityManager, userId: string, lock = false) {
    const member = await em.findOne(Member, { userId }, lock ? { lockMode: LockMode.PESSIMISTIC_READ } : {});
    const org = member ? await em.findOne(Organization, { id: member.orgId }) : null;
    return { org, role: org && member ? member.role : null };
  }

  private async session(em: EntityManager, user: User, familyId: string, now: Date): Promise<SessionResponse> {
    const { org, role } = await this.membership(em, user.id, true);
    em.create(Session, { id: familyId, userId: user.id, createdAt: now, revokedAt: null });
    const { tokens } = await this.issue(em, user, familyId, now, { org, role });
    return { ...tokens, user: userDto(user), organization: org ? { id: org.id, name: org.name, kind: org.kind } : null, role };
  }

  /** A new access token (claims read, under the member lock, from the tables) and the family's next refresh token. */
  private async issue(em: EntityManager, user: User, familyId: string, now: Date, { org, role }: Awaited<ReturnType<AccountsService['membership']>>) {
    const accessToken = await signAccessToken(
      await this.keys.current(),
      { sub: user.id, tp_kind: user.kind, tp_org: org?.id ?? null, tp_org_kind: org?.kind ?? null, tp_role: role, sid: familyId },
      this.config.ACCESS_TOKEN_TTL_SECONDS,
      now,
    );
    const refreshToken = generateRefreshToken();
    const refreshId = randomUUID();
    em.create(RefreshToken, {
      id: refreshId,
      userId: user.id,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
      usedAt: null,
      revokedAt: null,
      replacedBy: null,
    });
    const tokens: TokenPair = { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
    return { tokens, refreshId };
  }
}
