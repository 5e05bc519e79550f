import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, notFound, unauthenticated } from '#libs/authz';
import { apiKeyContracts, type ApiKeyScope, type AuditAction, type Principal } from '#libs/contracts';
import { afterCursor, decodeCursor, page } from '#libs/persistence';
import { RpcAuthorizer, SERVICE_CONFIG, UnitOfWork } from '#libs/service-defaults';
import type { IdentityConfig } from '../identity.config.js';
import { User } from '../accounts/user.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { iso, isoOrNull } from '../common/principal.js';
import { ApiKey } from './api-key.entity.js';
import { generateApiKey, isPlatformAdmin, parseApiKey, secretMatches } from './api-key.rules.js';

const view = (k: ApiKey) => ({ id: k.id, name: k.name, scopes: [...k.scopes], createdAt: iso(k.createdAt), revokedAt: isoOrNull(k.revokedAt) });

/** Issues, revokes and checks connectors' API keys; issuing and revoking are audited. */
@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /** Only platform operators issue and revoke keys; answered before the body is validated too. */
  @RpcAuthorizer(apiKeyContracts.create, apiKeyContracts.revoke, apiKeyContracts.list)
  async authorizeOperator(_req: unknown, principal?: Principal): Promise<void> {
    if (!principal) throw unauthenticated();
    await this.assertPlatformAdmin(this.uow.reader(), principal);
  }

  async create(principal: Principal, req: { name: string; scopes: ApiKeyScope[] }) {
    return this.uow.run(async (em) => {
      await this.assertPlatformAdmin(em, principal);
      const id = randomUUID();
      const { key, secretHash } = generateApiKey(id);
      const now = new Date();
      const row = em.create(ApiKey, { id, name: req.name, scopes: req.scopes, secretHash, createdBy: principal.userId, createdAt: now, revokedAt: null, revokedBy: null });
      this.auditKey(em, principal, 'api-key.created', row, now);
      await em.flush();
      return { ...view(row), key };
    });
  }

  /** Newest first; what a key is for and whether it still works, never its secret (identity has only a hash). */
  async list(principal: Principal, req: { limit: number; cursor?: string }) {
    const em = this.uow.reader();
    await this.assertPlatformAdmin(em, principal);
    const rows = await em.find(ApiKey, afterCursor(decodeCursor(req.cursor), 'createdAt', 'id'), { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: req.limit + 1 });
    const { items, nextCursor } = page(rows, req.limit, (k) => ({ at: k.createdAt, id: k.id }));
    return { items: items.map(view), nextCursor };
  }

  async revoke(principal: Principal, keyId: string) {
    return this.uow.run(async (em) => {
      await this.assertPlatformAdmin(em, principal);
      const row = await em.findOne(ApiKey, { id: keyId });
      if (!row) throw notFound();
      if (!row.revokedAt) {
        const now = new Date();
        Object.assign(row, { revokedAt: now, revokedBy: principal.userId });
        this.auditKey(em, principal, 'api-key.revoked', row, now);
        await em.flush();
      }
      return view(row);
    });
  }

  /** Unknown, malformed and revoked keys get the same answer. */
  async verify(key: string): Promise<{ keyId: string; scopes: ApiKeyScope[] }> {
    const parsed = parseApiKey(key);
    if (!parsed) throw unauthenticated();
    const row = await this.uow.reader().findOne(ApiKey, { id: parsed.id });
    if (!row || row.revokedAt || !secretMatches(parsed.secret, row.secretHash)) throw unauthenticated();
    return { keyId: row.id, scopes: [...row.scopes] };
  }

  private async assertPlatformAdmin(em: EntityManager, principal: Principal): Promise<void> {
    const user = await em.findOne(User, { id: principal.userId });
    if (!user) throw unauthenticated();
    if (!isPlatformAdmin(user.email, this.config.PLATFORM_ADMINS)) throw forbidden();
  }

  private auditKey(em: EntityManager, principal: Principal, action: AuditAction, key: ApiKey, at: Date): void {
    this.audit.append(
      em,
      {
        action,
        actorUserId: principal.userId,
        actorOrgId: principal.orgId,
        orgId: null,
        onBehalfOf: null,
        grantId: null,
        target: { type: 'api-key', id: key.id },
        details: { name: key.name, scopes: [...key.scopes] },
      },
      at,
    );
  }
}
