import { z } from 'zod';
import { GRANT_STATUSES, ORG_ROLES, SCOPES, USER_KINDS } from '#libs/contracts';

/** What clients send to the identity, delegation and audit routes (API.md). All strict. */

/** Free text: any characters but control characters, trimmed. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'Must not contain control characters');
const email = z.email().max(254);
const scopes = z
  .array(z.enum(SCOPES))
  .min(1)
  .max(SCOPES.length)
  .refine((s) => new Set(s).size === s.length, 'Scopes must not repeat');
const version = z.number().int().positive();
const handle = z.string().regex(/^@?[A-Za-z0-9._]{1,30}$/, 'Use 1-30 letters, digits, "." or "_"');

export const signupBody = z
  .object({
    email,
    password: z.string().min(10).max(256),
    name: text(200),
    kind: z.enum(USER_KINDS),
    handle: handle.optional(),
    organization: z.object({ name: text(200) }).strict().optional(),
  })
  .strict();

export const loginBody = z.object({ email, password: z.string().min(1).max(1024) }).strict();
export const refreshBody = z.object({ refreshToken: z.string().min(1).max(512) }).strict();

export const addMemberBody = z.object({ email, role: z.enum(ORG_ROLES) }).strict();
export const updateMemberBody = z.object({ role: z.enum(ORG_ROLES) }).strict();

export const requestDelegationBody = z
  .object({ creatorHandle: handle, scopes, expiresAt: z.iso.datetime({ offset: true }).optional() })
  .strict();
export const approveDelegationBody = z.object({ scopes: scopes.optional(), version: version.optional() }).strict();
export const decideDelegationBody = z.object({ version: version.optional() }).strict();
export const narrowDelegationBody = z.object({ scopes, version: version.optional() }).strict();

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().min(1).max(512).optional();

export const pageQuery = z.object({ limit, cursor }).strict();
export const delegationsQuery = z.object({ status: z.enum(GRANT_STATUSES).optional(), limit, cursor }).strict();
export const auditQuery = z.object({ creatorId: z.uuid().optional(), limit, cursor }).strict();
