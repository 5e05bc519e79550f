import { defineEntity, p } from '@mikro-orm/core';
import { USER_KINDS } from '#libs/contracts';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary(),
    /** Normalized (trimmed, lowercase); unique. */
    email: p.text(),
    name: p.text(),
    kind: p.enum(USER_KINDS),
    /** Creators only; unique, lowercase, without `@`. */
    handle: p.text().strictNullable(),
    /** `scrypt$…` (see password.ts); never leaves this service. */
    passwordHash: p.text().hidden(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
  },
});
export class User extends UserSchema.class {}
UserSchema.setClass(User);
