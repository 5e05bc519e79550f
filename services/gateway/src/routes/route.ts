import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Action } from '#libs/authz';
import type { ApiKeyScope, Principal, RequestContract, RequestOf, ResponseOf } from '#libs/contracts';
import type { ResourceResolver } from '../auth/decorators.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: a policy decision, nobody needs to be signed in (and why), or a machine's API key with a scope. */
export type RouteAuth = { action: Action; resource: ResourceResolver } | { public: string } | { apiKey: ApiKeyScope };

/** The action and the resolver of the resource it acts on; AccessGuard asks libs/authz. */
export const authorize = (action: Action, resource: ResourceResolver): RouteAuth => ({ action, resource });

/** Anyone may call the route; the reason is what the authorization matrix lists. */
export const publicRoute = (reason: string): RouteAuth => ({ public: reason });

/** Data connectors authenticate with `X-Api-Key`; the key must hold `scope`. */
export const apiKeyRoute = (scope: ApiKeyScope): RouteAuth => ({ apiKey: scope });

/** How one call of a custom handler differs from the route's plain call. */
export interface CallOptions {
  /** A route that splits one request into several calls names each part, so each is its own command. */
  part?: number;
  /** This call's own deadline instead of the route's (a section of a composed view). */
  timeoutMs?: number;
  /**
   * Calls as this principal instead of the request's: only a public route whose credential the
   * service resolved to one sets it (a share link reads as a viewer of the brand that shared it).
   */
  principal?: Principal;
}

/** What a custom handler gets: the request, its validated contract input and traced calls. */
export interface RouteContext<C extends RequestContract> {
  request: FastifyRequest;
  input: RequestOf<C>;
  /** Sends `input` (or another payload) to the route's contract as this caller. */
  call(payload?: RequestOf<C>, opts?: CallOptions): Promise<ResponseOf<C>>;
  /** Sends to any other contract as this caller (composed responses); each subject has its own breaker. */
  send<D extends RequestContract>(contract: D, payload: RequestOf<D>, opts?: CallOptions): Promise<ResponseOf<D>>;
  /** The gateway's validated configuration. */
  config: Record<string, unknown>;
}

/** Gives a contract field a value the client does not send (e.g. the client's address). */
export type ServerField = (request: FastifyRequest, config: Record<string, unknown>) => unknown;

/**
 * One HTTP route, declared once. Everything else — the Nest controller method, input parsing,
 * the authorization decision, the OpenAPI operation and the authorization matrix's list of
 * routes — is derived from it.
 *
 * Input: the contract's request fields come from the path (`:name` fills the field of the
 * same name, or the one `params` renames it to), from `server` fields the gateway computes,
 * and the rest from the body (POST/PUT/PATCH) or the query string (GET/DELETE). The merged
 * object is validated once by the contract's own request schema, so a field rule lives only
 * in `libs/contracts`; a client that sends a path- or server-supplied field gets "Unknown field".
 */
export interface RouteDeclaration<C extends RequestContract = RequestContract> {
  method: HttpMethod;
  /** Fastify syntax: `/v1/orgs/:orgId/members`. */
  path: string;
  /** The NATS request the route sends. */
  contract: C;
  auth: RouteAuth;
  /** Path parameter → contract field, where the names differ (`{ id: 'grantId' }`). */
  params?: Record<string, string>;
  /** Contract fields the gateway supplies (never the client). */
  server?: Record<string, ServerField>;
  /** Where the remaining fields come from; by default the body for POST/PUT/PATCH, else the query. */
  from?: 'body' | 'query';
  /** Success status: 201 for POST, 200 otherwise by default; 204 answers without a body. */
  status?: 200 | 201 | 202 | 204;
  /**
   * The answer carries credentials (tokens): the service gets no idempotency key, so it never
   * stores the answer; a retry is deduplicated by the gateway alone, whose copy is encrypted.
   */
  credentials?: true;
  /**
   * A GET whose 200 carries an ETag of its body for the caller (`Cache-Control: private, no-cache`),
   * so a client revalidating with If-None-Match gets a 304 without the body.
   */
  conditional?: true;
  /** Deadline of each downstream call, for routes that carry large batches (default NATS_REQUEST_TIMEOUT_MS). */
  deadlineMs?: number;
  /** Replaces the plain call to the contract (e.g. to reuse what authorization already fetched). */
  handle?: (ctx: RouteContext<C>) => Promise<unknown> | unknown;
  openapi: {
    summary: string;
    tags: string[];
    /** Problem statuses the route can answer with (400 for bad input, 401 for protected routes, …). */
    problems: number[];
    /** The documented success body; the contract's response by default. */
    response?: z.ZodType;
    /** Description of a 204 answer. */
    noContent?: string;
    /** The route also answers `text/csv` (csv-export.ts): what the file holds. */
    csv?: string;
  };
}

/** A named set of routes (one area of the API); the names become OpenAPI operationIds. */
export type RouteTable = Record<string, RouteDeclaration<any>>;

/** Keeps each declaration's contract type (so `handle` and `server` are checked against it). */
export function route<C extends RequestContract>(declaration: RouteDeclaration<C>): RouteDeclaration<C> {
  return declaration;
}

export function successStatus(r: RouteDeclaration): number {
  return r.status ?? (r.method === 'POST' ? 201 : 200);
}

/** `METHOD /v1/path/{param}`, as OpenAPI and the authorization matrix name a route. */
export function routeKey(r: Pick<RouteDeclaration, 'method' | 'path'>): string {
  return `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}

export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}
