import type { Provider, Type } from '@nestjs/common';
import { AuthController } from './auth.controller.js';
import { MeController } from './me.controller.js';
import { MembersController } from './members.controller.js';
import { DelegationsController } from './delegations.controller.js';
import { AuditController } from './audit.controller.js';
import { IdentityClient } from './identity-client.js';

/** The identity, organization, delegation and audit routes (API.md), registered in GatewayModule. */
export const identityControllers: Type<unknown>[] = [AuthController, MeController, MembersController, DelegationsController, AuditController];
export const identityProviders: Provider[] = [IdentityClient];
