import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { identityContracts as c, memberSchema, pageOf } from '#libs/contracts';
import { ApiProblemResponses, openApiSchema } from '../http/openapi-schemas.js';
import { Authorize } from '../auth/decorators.js';
import { organizationParam, uuidFrom } from '../auth/resources.js';
import { IdentityClient } from './identity-client.js';
import { parseInput, requestSchema } from './http-input.js';
import { addMemberBody, pageQuery, updateMemberBody } from './http-schemas.js';

@ApiTags('organizations')
@ApiBearerAuth()
@ApiParam({ name: 'orgId', format: 'uuid' })
@Controller('v1/orgs/:orgId/members')
export class MembersController {
  constructor(@Inject(IdentityClient) private readonly identity: IdentityClient) {}

  @Get()
  @Authorize('members:read', organizationParam())
  @ApiOperation({ summary: 'Members of the organization (owner/admin)' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ schema: openApiSchema(pageOf(memberSchema)) })
  @ApiProblemResponses(400, 401, 403, 404, 503)
  list(@Query() query: unknown, @Req() request: FastifyRequest) {
    const { limit, cursor } = parseInput(pageQuery, query, 'query');
    return this.identity.call(request, c.membersList, { orgId: uuidFrom(request, 'params', 'orgId'), limit, cursor });
  }

  @Post()
  @Authorize('members:write', organizationParam())
  @ApiOperation({ summary: 'Add an existing account without an organization (owner/admin; only an owner grants owner)' })
  @ApiBody({ schema: requestSchema(addMemberBody) })
  @ApiCreatedResponse({ schema: openApiSchema(memberSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 422, 503)
  add(@Body() body: unknown, @Req() request: FastifyRequest) {
    const input = parseInput(addMemberBody, body, 'body');
    return this.identity.call(request, c.membersAdd, { orgId: uuidFrom(request, 'params', 'orgId'), ...input });
  }

  @Patch(':userId')
  @Authorize('members:write', organizationParam())
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOperation({ summary: "Change a member's role; the organization always keeps an owner" })
  @ApiBody({ schema: requestSchema(updateMemberBody) })
  @ApiOkResponse({ schema: openApiSchema(memberSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 409, 503)
  update(@Body() body: unknown, @Req() request: FastifyRequest) {
    const input = parseInput(updateMemberBody, body, 'body');
    return this.identity.call(request, c.membersUpdate, { orgId: uuidFrom(request, 'params', 'orgId'), userId: uuidFrom(request, 'params', 'userId'), ...input });
  }

  @Delete(':userId')
  @HttpCode(204)
  @Authorize('members:write', organizationParam())
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOperation({ summary: 'Remove a member; the last owner cannot be removed' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses(400, 401, 403, 404, 409, 503)
  async remove(@Req() request: FastifyRequest): Promise<void> {
    await this.identity.call(request, c.membersRemove, { orgId: uuidFrom(request, 'params', 'orgId'), userId: uuidFrom(request, 'params', 'userId') });
  }
}
