import { defineEntity, p } from '@mikro-orm/core';

/** Opaque refresh tokens, stored as a SHA-256 of the secret; one family per login. */
export const RefreshTokenSchema = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    familyId: p.uuid(),
    tokenHash: p.text(),
    createdAt: p.datetime().columnType('timestamptz'),
    expiresAt: p.datetime().columnType('timestamptz'),
    /** Set when the token was exchanged; presenting it again is reuse. */
    usedAt: p.datetime().columnType('timestamptz').strictNullable(),
    revokedAt: p.datetime().columnType('timestamptz').strictNullable(),
    replacedBy: p.uuid().strictNullable(),
  },
});
export class RefreshToken extends RefreshTokenSchema.class {}
RefreshTokenSchema.setClass(RefreshToken);

/**
 * Signing keys generated at start when `JWT_PRIVATE_KEYS` is unset (development only), so
 * every replica signs with the same key. Production sets the variable and this stays empty.
 */
export const SigningKeySchema = defineEntity({
  name: 'SigningKey',
  tableName: 'signing_keys',
  properties: {
    kid: p.text().primary(),
    privateJwk: p.json<Record<string, string>>().columnType('jsonb').hidden(),
    publicJwk: p.json<Record<string, string>>().columnType('jsonb'),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
export class SigningKey extends SigningKeySchema.class {}
SigningKeySchema.setClass(SigningKey);

/**
 * One sign-in session (a refresh-token family): the row that refresh and every revocation
 * lock, so a session ended while a refresh runs cannot leave a successor token alive.
 */
export const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    createdAt: p.datetime().columnType('timestamptz'),
    revokedAt: p.datetime().columnType('timestamptz').strictNullable(),
  },
});
export class Session extends SessionSchema.class {}
SessionSchema.setClass(Session);
