import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { identityContracts as c, retryAfterOf, sessionResponse, tokenPairSchema } from '#libs/contracts';
import { SERVICE_CONFIG } from '#libs/service-defaults';
import { ApiProblemResponses, openApiSchema } from '../http/openapi-schemas.js';
import { Authorize, Public } from '../auth/decorators.js';
import { ownAccount } from '../auth/resources.js';
import { clientAddress } from '../auth/request-context.js';
import type { AuthConfig } from '../auth/auth.config.js';
import { IdentityClient } from './identity-client.js';
import { parseInput, requestSchema } from './http-input.js';
import { loginBody, refreshBody, signupBody } from './http-schemas.js';

/** A rate-limited answer keeps its wait as Retry-After. */
async function keepRetryAfter<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const seconds = retryAfterOf(err);
    if (seconds !== undefined) Object.assign(err as object, { retryAfterSeconds: seconds });
    throw err;
  }
}

@ApiTags('identity')
@Controller('v1/auth')
export class AuthController {
  constructor(
    @Inject(IdentityClient) private readonly identity: IdentityClient,
    @Inject(SERVICE_CONFIG) private readonly config: AuthConfig,
  ) {}

  @Post('signup')
  @Public()
  @ApiOperation({ summary: 'Create an account (a manager or brand user may create their organization); returns a session' })
  @ApiBody({ schema: requestSchema(signupBody) })
  @ApiCreatedResponse({ schema: openApiSchema(sessionResponse) })
  @ApiProblemResponses(400, 409, 413, 415, 429, 503)
  signup(@Body() body: unknown, @Req() request: FastifyRequest) {
    const input = parseInput(signupBody, body, 'body');
    return keepRetryAfter(this.identity.call(request, c.signup, { ...input, clientIp: clientAddress(request, this.config.AUTH_TRUSTED_PROXY_HOPS) }));
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a session; failures are rate limited per account and per address' })
  @ApiBody({ schema: requestSchema(loginBody) })
  @ApiOkResponse({ schema: openApiSchema(sessionResponse) })
  @ApiProblemResponses(400, 401, 429, 503)
  login(@Body() body: unknown, @Req() request: FastifyRequest) {
    const input = parseInput(loginBody, body, 'body');
    return keepRetryAfter(this.identity.call(request, c.login, { ...input, clientIp: clientAddress(request, this.config.AUTH_TRUSTED_PROXY_HOPS) }));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a refresh token; presenting a spent one revokes its whole family' })
  @ApiBody({ schema: requestSchema(refreshBody) })
  @ApiOkResponse({ schema: openApiSchema(tokenPairSchema) })
  @ApiProblemResponses(400, 401, 503)
  refresh(@Body() body: unknown, @Req() request: FastifyRequest) {
    const input = parseInput(refreshBody, body, 'body');
    return this.identity.call(request, c.refresh, { ...input, clientIp: clientAddress(request, this.config.AUTH_TRUSTED_PROXY_HOPS) });
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @Authorize('account:read', ownAccount)
  @ApiOperation({ summary: "Revoke the refresh family of the given token (if it is the caller's)" })
  @ApiBody({ schema: requestSchema(refreshBody) })
  @ApiNoContentResponse({ description: 'Logged out (also when the token was unknown)' })
  @ApiProblemResponses(400, 401, 503)
  async logout(@Body() body: unknown, @Req() request: FastifyRequest): Promise<void> {
    const input = parseInput(refreshBody, body, 'body');
    await this.identity.call(request, c.logout, input);
  }
}
