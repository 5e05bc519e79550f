import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { auditEntrySchema, identityContracts as c, pageOf } from '#libs/contracts';
import { ApiProblemResponses, openApiSchema } from '../http/openapi-schemas.js';
import { Authorize } from '../auth/decorators.js';
import { IdentityClient } from './identity-client.js';
import { auditScope } from './identity.resources.js';
import { parseInput } from './http-input.js';
import { auditQuery } from './http-schemas.js';

@ApiTags('delegation')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(@Inject(IdentityClient) private readonly identity: IdentityClient) {}

  @Get()
  @Authorize('audit:read', auditScope)
  @ApiOperation({
    summary:
      "Append-only log: actor, on behalf of, action, target, at, traceId. A creator reads what was done for them; an agency owner/admin reads a creator's (with a grant in force) or the whole agency's.",
  })
  @ApiQuery({ name: 'creatorId', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ schema: openApiSchema(pageOf(auditEntrySchema)) })
  @ApiProblemResponses(400, 401, 403, 404, 503)
  list(@Query() query: unknown, @Req() request: FastifyRequest) {
    return this.identity.call(request, c.auditList, parseInput(auditQuery, query, 'query'));
  }
}
