import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { identityContracts as c, meResponse } from '#libs/contracts';
import { ApiProblemResponses, openApiSchema } from '../http/openapi-schemas.js';
import { Authorize } from '../auth/decorators.js';
import { ownAccount } from '../auth/resources.js';
import { IdentityClient } from './identity-client.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  constructor(@Inject(IdentityClient) private readonly identity: IdentityClient) {}

  @Get()
  @Authorize('account:read', ownAccount)
  @ApiOperation({ summary: "The caller's account, organization and role" })
  @ApiOkResponse({ schema: openApiSchema(meResponse) })
  @ApiProblemResponses(401, 503)
  me(@Req() request: FastifyRequest) {
    return this.identity.call(request, c.me, {});
  }
}
