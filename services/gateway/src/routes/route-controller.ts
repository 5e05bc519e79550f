import { applyDecorators, Controller, Delete, Get, HttpCode, Inject, Injectable, Patch, Post, Put, Req, type Type } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiNoContentResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RequestContract, RequestOf } from '#libs/contracts';
import { SERVICE_CONFIG } from '#libs/service-defaults';
import { Downstream } from '../downstream/downstream.js';
import { Authorize, Public, RequireApiKey } from '../auth/decorators.js';
import { ApiProblemResponses, openApiSchema } from '../http/openapi-schemas.js';
import { clientSource, readContractInput, requestShape, suppliedFields } from './route-input.js';
import { pathParams, successStatus, type CallOptions, type HttpMethod, type RouteDeclaration, type RouteTable } from './route.js';

/** Runs a declared route: validated contract input, then the contract call (or the route's own handler). */
@Injectable()
export class RouteRunner {
  constructor(
    @Inject(Downstream) private readonly downstream: Downstream,
    @Inject(SERVICE_CONFIG) private readonly config: Record<string, unknown>,
  ) {}

  async run(r: RouteDeclaration, request: FastifyRequest): Promise<unknown> {
    const input = (await this.authorizedInput(r, request)) as never;
    if (r.conditional) request.conditional = true;
    const overrides = { ...(r.credentials ? { idempotencyKey: undefined } : {}), ...(r.deadlineMs ? { timeoutMs: r.deadlineMs } : {}) };
    const send = <D extends RequestContract>(contract: D, payload: RequestOf<D>, opts: CallOptions = {}) =>
      this.downstream.callFor(request, contract, payload, { ...overrides, ...opts });
    const call = (payload: never = input, opts: CallOptions = {}) => send(r.contract, payload, opts);
    const result = await (r.handle ? r.handle({ request, input, call, send, config: this.config }) : call());
    return successStatus(r) === 204 ? undefined : result;
  }

  /**
   * Authorize, then validate. AccessGuard has decided what the gateway can decide before this
   * runs; where the service decides the rest (who is a party to an offer, whose invitation it
   * is), an invalid body is not answered with its 400 until the service has said the caller
   * may send the request at all — a caller without the right gets the 403/404 whatever it sent.
   */
  private async authorizedInput(r: RouteDeclaration, request: FastifyRequest): Promise<unknown> {
    const read = readContractInput(r, request, this.config);
    if ('input' in read) return read.input;
    if (read.locator && 'action' in r.auth) await this.downstream.authorizeFor(request, r.contract, read.locator);
    throw read.invalid;
  }
}

const MAPPING: Record<HttpMethod, (path: string) => MethodDecorator> = { GET: Get, POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete };

const isOptional = (schema: z.ZodType) => schema.safeParse(undefined).success;

/** The OpenAPI operation of a route, from its declaration and its contract's request schema. */
function openApiDecorators(operationId: string, r: RouteDeclaration): MethodDecorator[] {
  const shape = requestShape(r);
  const supplied = new Set(suppliedFields(r));
  const clientFields = Object.fromEntries(Object.entries(shape).filter(([name]) => !supplied.has(name)));
  const status = successStatus(r);
  const decorators: MethodDecorator[] = [
    ApiOperation({ summary: r.openapi.summary, operationId }),
    ApiTags(...r.openapi.tags),
    // allRoutes() has checked that every path parameter names a contract field.
    ...pathParams(r.path).map((param) => ApiParam({ name: param, schema: openApiSchema(shape[r.params?.[param] ?? param]!, 'input') })),
    status === 204
      ? ApiNoContentResponse({ description: r.openapi.noContent ?? 'Done' })
      : ApiResponse({
          status,
          // The CSV alternative is told, not typed: a second content type would make every client's JSON answer a union with text.
          description: r.openapi.csv ? `Success; with \`Accept: text/csv\`, a CSV file (RFC 4180) of ${r.openapi.csv}` : 'Success',
          schema: openApiSchema(r.openapi.response ?? r.contract.response),
        }),
    ApiProblemResponses(...r.openapi.problems),
  ];
  if (r.conditional) {
    decorators.push(
      ApiHeader({ name: 'If-None-Match', required: false, description: 'The `ETag` of a copy the caller holds: unchanged answers 304 without a body' }),
      ApiResponse({ status: 304, description: 'Not modified: the copy whose ETag was sent is current (`Cache-Control: private, no-cache`; each caller has its own tags)' }),
    );
  }
  if (clientSource(r) === 'query') {
    for (const [name, schema] of Object.entries(clientFields)) {
      decorators.push(ApiQuery({ name, required: !isOptional(schema), schema: openApiSchema(schema, 'input') }));
    }
  } else if (Object.keys(clientFields).length > 0) {
    const required = Object.values(clientFields).some((schema) => !isOptional(schema));
    decorators.push(ApiBody({ schema: openApiSchema(z.object(clientFields).strict(), 'input'), required }));
  }
  return decorators;
}

/**
 * A Nest controller serving a route table: one method per route, carrying exactly the
 * decorators a hand-written method would (verb and path, status, @Public/@Authorize, OpenAPI),
 * so AccessGuard, IdempotencyInterceptor, ProblemFilter, Swagger and tracing see no difference.
 */
export function controllerFor(name: string, table: RouteTable): Type<unknown> {
  @Controller()
  class RoutesController {
    constructor(@Inject(RouteRunner) readonly runner: RouteRunner) {}
  }
  Object.defineProperty(RoutesController, 'name', { value: `${name}RoutesController` });

  for (const [key, r] of Object.entries(table)) {
    Object.defineProperty(RoutesController.prototype, key, {
      value: function (this: RoutesController, request: FastifyRequest) {
        return this.runner.run(r, request);
      },
      writable: true,
      configurable: true,
    });
    Req()(RoutesController.prototype, key, 0);
    const auth = 'public' in r.auth ? Public() : 'apiKey' in r.auth ? RequireApiKey(r.auth.apiKey) : Authorize(r.auth.action, r.auth.resource);
    applyDecorators(MAPPING[r.method](r.path.replace(/^\//, '')), HttpCode(successStatus(r)), auth, ...openApiDecorators(key, r))(
      RoutesController.prototype,
      key,
      Object.getOwnPropertyDescriptor(RoutesController.prototype, key)!,
    );
  }
  return RoutesController;
}
