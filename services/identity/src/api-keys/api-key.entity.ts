import { defineEntity, p } from '@mikro-orm/core';
import type { ApiKeyScope } from '#libs/contracts';

/** A machine credential; `secretHash` is a SHA-256 of the secret, which is never stored. */
export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    scopes: p.json<ApiKeyScope[]>().columnType('jsonb'),
    secretHash: p.text().hidden(),
    createdBy: p.uuid(),
    createdAt: p.datetime().columnType('timestamptz'),
    revokedAt: p.datetime().columnType('timestamptz').strictNullable(),
    revokedBy: p.uuid().strictNullable(),
  },
});
export class ApiKey extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKey);
