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

/** The locator part of a request contract's schema: the named fields of its object schema. */
export function locatorSchema(request: z.ZodType, fields: readonly string[]): z.ZodType {
  const shape = (request as z.ZodType & { shape?: Record<string, z.ZodType> }).shape ?? {};
  return z.object(Object.fromEntries(fields.filter((f) => f in shape).map((f) => [f, shape[f]!]))).strict();
}
