import { z } from 'zod';
import { nameText } from '../common/text.js';
import { defineRequest } from '../contract.js';
import { pageOf, pageRequest } from '../common/page.js';
import { isoTime } from '../common/time.js';

/**
 * API keys for machines (data connectors), issued by platform operators. A key is shown once
 * at creation (`tpk_<id>.<secret>`); identity keeps only a hash of the secret.
 */
export const API_KEY_SCOPES = ['metrics:ingest', 'metrics:read'] as const;
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** What a caller sends in `X-Api-Key`; anything else is refused before a lookup. */
export const API_KEY_PATTERN = /^tpk_[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/;

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  createdAt: isoTime,
  revokedAt: isoTime.nullable(),
});

export const apiKeyContracts = {
  create: defineRequest({
    subject: 'identity.api-keys.create.v1',
    description: 'A platform operator (email in PLATFORM_ADMINS) issues an API key; the key itself is in this reply only.',
    request: z
      .object({
        name: nameText({ max: 100 }),
        scopes: z
          .array(apiKeyScopeSchema)
          .min(1)
          .refine((s) => new Set(s).size === s.length, 'scopes must not repeat'),
      })
      .strict(),
    response: apiKeySchema.extend({ key: z.string() }),
  }),
  list: defineRequest({
    subject: 'identity.api-keys.list.v1',
    description: 'A platform operator lists the API keys, newest first, revoked ones included; never a secret.',
    request: z.object({ ...pageRequest.shape }).strict(),
    response: pageOf(apiKeySchema),
  }),
  revoke: defineRequest({
    subject: 'identity.api-keys.revoke.v1',
    description: 'A platform operator revokes an API key; it stops working at once.',
    request: z.object({ keyId: z.uuid() }).strict(),
    response: apiKeySchema,
  }),
  verify: defineRequest({
    subject: 'identity.api-keys.verify.v1',
    description: 'The gateway checks an `X-Api-Key`: its id and scopes, or `unauthenticated` when unknown or revoked.',
    request: z.object({ key: z.string().min(1).max(200) }).strict(),
    response: z.object({ keyId: z.uuid(), scopes: z.array(apiKeyScopeSchema) }),
  }),
} as const;
