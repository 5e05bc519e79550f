import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, locatorSchema, parseOrThrow, type FieldError } from '#libs/contracts';
import { pathParams, type RouteDeclaration } from './route.js';

/** Where the fields a client sends come from. */
export function clientSource(r: RouteDeclaration): 'body' | 'query' {
  return r.from ?? (r.method === 'GET' || r.method === 'DELETE' ? 'query' : 'body');
}

/** The contract's request fields, when the request schema is an object (it always is for routes). */
export function requestShape(r: RouteDeclaration): Record<string, z.ZodType> {
  const schema = r.contract.request as z.ZodType & { shape?: Record<string, z.ZodType> };
  return schema.shape ?? {};
}

/** Contract field → the name the client used for it, for fields that come from the path. */
function pathFields(r: RouteDeclaration): Map<string, string> {
  return new Map(pathParams(r.path).map((param) => [r.params?.[param] ?? param, param]));
}

/** Fields the client does not send: filled from the path or by the gateway. */
export function suppliedFields(r: RouteDeclaration): string[] {
  return [...pathFields(r).keys(), ...Object.keys(r.server ?? {})];
}

/**
 * A declaration that cannot work is refused when the gateway starts, not at the first request:
 * every path parameter and gateway-supplied value must name a field of the contract's request.
 */
export function assertRouteFitsContract(name: string, r: RouteDeclaration): void {
  const shape = requestShape(r);
  for (const field of suppliedFields(r)) {
    if (!(field in shape)) throw new Error(`route ${name} (${r.method} ${r.path}) fills "${field}", which ${r.contract.subject} does not have`);
  }
  for (const param of Object.keys(r.params ?? {})) {
    if (!pathParams(r.path).includes(param)) throw new Error(`route ${name} renames ":${param}", which is not in ${r.path}`);
  }
}

/** The innermost type of a field behind optional/default/nullable wrappers. */
function baseType(schema: z.ZodType): string {
  let def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
  while (def.innerType) def = (def.innerType as unknown as { _zod: { def: typeof def } })._zod.def;
  return def.type;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Query strings carry only text: a numeric or boolean field is converted when the text is
 * exactly a number or `true`/`false`; anything else is left as it came, so the contract's
 * schema names the field in its 400.
 */
function coerceQuery(shape: Record<string, z.ZodType>, query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => {
      const field = shape[key];
      if (!field || typeof value !== 'string') return [key, value];
      const type = baseType(field);
      if (type === 'number' && NUMBER.test(value)) return [key, Number(value)];
      if (type === 'boolean' && (value === 'true' || value === 'false')) return [key, value === 'true'];
      return [key, value];
    }),
  );
}

function invalid(errors: FieldError[]): AppError {
  return new AppError('validation', 'Invalid input', 'The request failed validation', errors);
}

/** The client's fields that are contract fields, not path- or server-supplied, and valid on their own. */
function validFields(shape: Record<string, z.ZodType>, sent: Record<string, unknown>, supplied: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(sent).filter(([key, value]) => key in shape && !supplied.includes(key) && shape[key]!.safeParse(value).success));
}

/** A route's input as read from a request: valid, or the 400 to answer (after authorization). */
export type ReadInput =
  | { input: unknown }
  | {
      invalid: AppError;
      /**
       * What the request validly names, when its path values are valid: the path's ids (the
       * resource) and the client's fields that are valid on their own, so the service can
       * still say whether the caller may send it before hearing of the 400.
       */
      locator?: Record<string, unknown>;
    };

/**
 * The contract request a route sends, validated by the contract's own schema: path values,
 * gateway-supplied fields and what the client sent, merged. A field the client may not set
 * is refused by name, and errors on path values name the path parameter the client used.
 */
export function readContractInput(r: RouteDeclaration, request: FastifyRequest, config: Record<string, unknown>): ReadInput {
  const fromPath = pathFields(r);
  const params = (request.params ?? {}) as Record<string, unknown>;
  const located: Record<string, unknown> = {};
  for (const [field, param] of fromPath) located[field] = params[param];
  const pathValid = locatorSchema(r.contract.request, [...fromPath.keys()]).safeParse(located).success;
  const shape = requestShape(r);
  const source = clientSource(r);
  const raw = source === 'body' ? request.body : request.query;
  const isObject = raw === undefined || raw === null || (typeof raw === 'object' && !Array.isArray(raw));
  const sent: Record<string, unknown> = !isObject ? {} : source === 'query' ? coerceQuery(shape, { ...(raw as object) }) : { ...(raw as object | undefined) };
  const refuse = (errors: FieldError[]): ReadInput => ({
    invalid: invalid(errors),
    // What the request validly names: the path's ids, and each field the client sent that is valid on its own
    // (an invitation's role decides who may send it).
    ...(pathValid ? { locator: { ...validFields(shape, sent, suppliedFields(r)), ...located } } : {}),
  });
  if (!isObject) return refuse([{ path: '(root)', message: `The request ${source} must be a JSON object` }]);

  const supplied: Record<string, unknown> = { ...located };
  for (const [field, compute] of Object.entries(r.server ?? {})) supplied[field] = compute(request, config);
  const stray: FieldError[] = Object.keys(sent)
    .filter((key) => key in supplied)
    .map((key) => ({ path: key, message: 'Unknown field' }));

  let input: unknown;
  let errors: FieldError[] = [];
  try {
    input = parseOrThrow(r.contract.request, { ...sent, ...supplied }, 'The request');
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation') throw err;
    errors = (err.errors ?? []).map((e) => {
      const [head, ...rest] = e.path.split('.');
      const param = fromPath.get(head!);
      return param ? { ...e, path: [param, ...rest].join('.') } : e;
    });
  }
  if (stray.length || errors.length) return refuse([...stray, ...errors]);
  return { input };
}
