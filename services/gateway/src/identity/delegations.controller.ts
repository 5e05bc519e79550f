import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { GRANT_STATUSES, grantSchema, identityContracts as c, pageOf } from '#libs/contracts';
import { ApiProblemResponses, openApiSchema } from '../http/openapi-schemas.js';
import { Authorize } from '../auth/decorators.js';
import { ownAccount, ownAgency, uuidFrom } from '../auth/resources.js';
import { IdentityClient } from './identity-client.js';
import { grantParam } from './identity.resources.js';
import { parseInput, requestSchema } from './http-input.js';
import { approveDelegationBody, decideDelegationBody, delegationsQuery, narrowDelegationBody, requestDelegationBody } from './http-schemas.js';

const grant = openApiSchema(grantSchema);

/** A creator authorizes an agency by scope; no account access changes hands (API.md § Delegation). */
@ApiTags('delegation')
@ApiBearerAuth()
@Controller('v1/delegations')
export class DelegationsController {
  constructor(@Inject(IdentityClient) private readonly identity: IdentityClient) {}

  @Post()
  @Authorize('delegation:request', ownAgency)
  @ApiOperation({ summary: 'An agency owner/admin asks a creator, by handle, for scopes (one open grant per pair)' })
  @ApiBody({ schema: requestSchema(requestDelegationBody) })
  @ApiCreatedResponse({ schema: grant })
  @ApiProblemResponses(400, 401, 403, 404, 409, 422, 503)
  request(@Body() body: unknown, @Req() request: FastifyRequest) {
    return this.identity.call(request, c.grantsRequest, parseInput(requestDelegationBody, body, 'body'));
  }

  @Get()
  @Authorize('account:read', ownAccount)
  @ApiOperation({ summary: "Grants that involve the caller (creator) or the caller's agency, newest first" })
  @ApiQuery({ name: 'status', required: false, enum: GRANT_STATUSES })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ schema: openApiSchema(pageOf(grantSchema)) })
  @ApiProblemResponses(400, 401, 503)
  list(@Query() query: unknown, @Req() request: FastifyRequest) {
    return this.identity.call(request, c.grantsList, parseInput(delegationsQuery, query, 'query'));
  }

  @Get(':id')
  @Authorize('delegation:read', grantParam)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'One grant, to its creator or its agency' })
  @ApiOkResponse({ schema: grant })
  @ApiProblemResponses(400, 401, 404, 503)
  get(@Req() request: FastifyRequest) {
    // AccessGuard already fetched it from identity (as this caller) to decide.
    const resource = request.authz?.resource;
    if (resource?.type === 'grant') return resource.grant;
    return this.identity.call(request, c.grantsGet, { grantId: uuidFrom(request, 'params', 'id') });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Authorize('delegation:approve', grantParam)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'The creator approves, optionally with fewer scopes → active' })
  @ApiBody({ schema: requestSchema(approveDelegationBody), required: false })
  @ApiOkResponse({ schema: grant })
  @ApiProblemResponses(400, 401, 403, 404, 409, 422, 503)
  approve(@Body() body: unknown, @Req() request: FastifyRequest) {
    const input = parseInput(approveDelegationBody, body, 'body');
    return this.identity.call(request, c.grantsApprove, { grantId: uuidFrom(request, 'params', 'id'), ...input });
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Authorize('delegation:decline', grantParam)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'The creator declines → declined' })
  @ApiBody({ schema: requestSchema(decideDelegationBody), required: false })
  @ApiOkResponse({ schema: grant })
  @ApiProblemResponses(400, 401, 403, 404, 409, 503)
  decline(@Body() body: unknown, @Req() request: FastifyRequest) {
    const input = parseInput(decideDelegationBody, body, 'body');
    return this.identity.call(request, c.grantsDecline, { grantId: uuidFrom(request, 'params', 'id'), ...input });
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Authorize('delegation:revoke', grantParam)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'The creator or an agency owner/admin ends the grant → revoked; effective everywhere within 1 s' })
  @ApiBody({ schema: requestSchema(decideDelegationBody), required: false })
  @ApiOkResponse({ schema: grant })
  @ApiProblemResponses(400, 401, 403, 404, 409, 503)
  revoke(@Body() body: unknown, @Req() request: FastifyRequest) {
    const input = parseInput(decideDelegationBody, body, 'body');
    return this.identity.call(request, c.grantsRevoke, { grantId: uuidFrom(request, 'params', 'id'), ...input });
  }

  @Patch(':id')
  @Authorize('delegation:narrow', grantParam)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'The creator removes scopes from an active grant (never adds)' })
  @ApiBody({ schema: requestSchema(narrowDelegationBody) })
  @ApiOkResponse({ schema: grant })
  @ApiProblemResponses(400, 401, 403, 404, 409, 422, 503)
  narrow(@Body() body: unknown, @Req() request: FastifyRequest) {
    const input = parseInput(narrowDelegationBody, body, 'body');
    return this.identity.call(request, c.grantsNarrow, { grantId: uuidFrom(request, 'params', 'id'), ...input });
  }
}
