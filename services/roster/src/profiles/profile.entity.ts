import { defineEntity, p } from '@mikro-orm/core';
import type { CreatorCategory } from '#libs/contracts';

/**
 * A creator's public profile. `handle` and `name` are the account's (identity's events keep
 * them); the rest is edited by the creator or a grant holder. `version` guards concurrent edits.
 */
export const CreatorProfileSchema = defineEntity({
  name: 'CreatorProfile',
  tableName: 'creator_profiles',
  properties: {
    creatorId: p.uuid().primary(),
    handle: p.text(),
    name: p.text(),
    bio: p.text(),
    categories: p.json<CreatorCategory[]>().columnType('jsonb'),
    regions: p.json<string[]>().columnType('jsonb'),
    languages: p.json<string[]>().columnType('jsonb'),
    marketplaceVisible: p.boolean(),
    onVacationUntil: p.datetime().columnType('timestamptz').strictNullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
    version: p.integer().version(),
  },
});
export class CreatorProfile extends CreatorProfileSchema.class {}
CreatorProfileSchema.setClass(CreatorProfile);
