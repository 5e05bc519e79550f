import { Module } from '@nestjs/common';
import { RateLimiter } from './abuse/rate-limiter.js';
import { AuditService } from './audit/audit.service.js';
import { AuditNatsController } from './audit/audit.nats.controller.js';
import { AuditEventHandlers } from './audit/audit-events.handlers.js';
import { SigningKeys } from './tokens/signing-keys.js';
import { AccountsService } from './accounts/accounts.service.js';
import { AuthNatsController } from './accounts/auth.nats.controller.js';
import { NamesService } from './accounts/names.service.js';
import { MembersService } from './members/members.service.js';
import { MembersNatsController } from './members/members.nats.controller.js';
import { InvitationsService } from './members/invitations.service.js';
import { InvitationsNatsController } from './members/invitations.nats.controller.js';
import { GrantsService } from './grants/grants.service.js';
import { GrantsNatsController } from './grants/grants.nats.controller.js';
import { GrantExpirySweeper } from './grants/grant-expiry.sweeper.js';
import { RateLimitSweeper } from './abuse/rate-limit.sweeper.js';
import { RefreshTokenSweeper } from './tokens/refresh-token.sweeper.js';
import { ApiKeysService } from './api-keys/api-keys.service.js';
import { ApiKeysNatsController } from './api-keys/api-keys.nats.controller.js';

@Module({
  controllers: [AuthNatsController, MembersNatsController, InvitationsNatsController, GrantsNatsController, AuditNatsController, ApiKeysNatsController],
  providers: [RateLimiter, AuditService, AuditEventHandlers, SigningKeys, AccountsService, NamesService, MembersService, InvitationsService, GrantsService, GrantExpirySweeper, RateLimitSweeper, RefreshTokenSweeper, ApiKeysService],
})
export class IdentityModule {}
