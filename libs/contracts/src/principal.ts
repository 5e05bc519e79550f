import { z } from 'zod';

export const SCOPES = [
  'campaigns:read',
  'offers:negotiate',
  'feedback:write',
  'rates:write',
  'metrics:read',
] as const;
export const scopeSchema = z.enum(SCOPES);
export type Scope = z.infer<typeof scopeSchema>;

export const ORG_ROLES = ['owner', 'admin', 'manager', 'viewer'] as const;
export const orgRoleSchema = z.enum(ORG_ROLES);
export type OrgRole = z.infer<typeof orgRoleSchema>;

export const USER_KINDS = ['creator', 'manager', 'brand'] as const;
export const userKindSchema = z.enum(USER_KINDS);
export type UserKind = z.infer<typeof userKindSchema>;

/**
 * Who is asking. The gateway authenticates the caller and forwards this in the
 * `tp-principal` NATS header; services never take identity from a message body.
 */
export const principalSchema = z.object({
  userId: z.uuid(),
  kind: userKindSchema,
  orgId: z.uuid().nullable(),
  orgKind: z.enum(['agency', 'brand']).nullable(),
  role: orgRoleSchema.nullable(),
  /** Present when acting for a creator through a delegation grant. */
  actingFor: z
    .object({
      creatorId: z.uuid(),
      grantId: z.uuid(),
      scopes: z.array(scopeSchema),
    })
    .optional(),
});
export type Principal = z.infer<typeof principalSchema>;

export const PRINCIPAL_HEADER = 'tp-principal';
export const REQUEST_ID_HEADER = 'tp-request-id';
/**
 * The command's idempotency key: the client's `Idempotency-Key` scoped to the caller, or the
 * request id when the client sent none. A service stores the command's result under it.
 */
export const IDEMPOTENCY_KEY_HEADER = 'tp-idempotency-key';
/**
 * The trace a service records (audit entries) for a request: one the gateway started. A
 * client's `traceparent` is continued for telemetry, but it is the client's claim, so what is
 * recorded never takes its trace id from it.
 */
export const TRACE_OF_RECORD_HEADER = 'tp-trace-id';
/**
 * Asks a service only whether the caller may send this request, naming the resource by the
 * request's locator fields (what the gateway takes from the path); the service runs no work
 * and answers `{ data: null }` or its 401/403/404. The gateway asks when a client's body is
 * invalid, so a caller without the right learns that first, never how its body was wrong.
 */
export const AUTHORIZE_ONLY_HEADER = 'tp-authorize-only';

/**
 * Locator schemas by request schema and field list: building a zod object costs more than
 * parsing with it, and the gateway asks for one on every request.
 */
const locators = new WeakMap<z.ZodType, Map<string, z.ZodType>>();

/** The locator part of a request contract's schema: the named fields of its object schema. */
export function locatorSchema(request: z.ZodType, fields: readonly string[]): z.ZodType {
  const shape = (request as z.ZodType & { shape?: Record<string, z.ZodType> }).shape ?? {};
  // In the shape's order, so the same fields named in any order share one schema (and the cache stays as small as the shape's subsets).
  const named = Object.keys(shape).filter((f) => fields.includes(f));
  const key = named.join('\n');
  let bySchema = locators.get(request);
  if (!bySchema) locators.set(request, (bySchema = new Map()));
  let schema = bySchema.get(key);
  if (!schema) bySchema.set(key, (schema = z.object(Object.fromEntries(named.map((f) => [f, shape[f]!]))).strict()));
  return schema;
}
