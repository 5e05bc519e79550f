import { createPrivateKey, createPublicKey } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import { ACCESS_TOKEN, publicJwkSchema, schemaOf, type PublicJwk } from '#libs/contracts';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { IdentityConfig } from '../identity.config.js';
import { SigningKey } from './token.entities.js';

const b64url43 = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const privateJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  d: b64url43,
  x: b64url43,
  kid: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/).optional(),
  alg: z.literal('EdDSA').optional(),
});
type PrivateJwk = z.infer<typeof privateJwkSchema>;

/** Thrown at boot for a bad JWT_PRIVATE_KEYS; says what is wrong, never what the value was. */
export class SigningKeyConfigError extends Error {
  constructor(reason: string) {
    super(`JWT_PRIVATE_KEYS: ${reason} (expected a JSON array of private Ed25519 JWKs: kty "OKP", crv "Ed25519", d, x, kid)`);
    this.name = 'SigningKeyConfigError';
  }
}

export interface LoadedKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
}

/** Parses and checks the configured keys: each `d` must belong to its `x`, kids unique. */
export async function parsePrivateKeys(raw: string): Promise<{ kid: string; jwk: PrivateJwk }[]> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new SigningKeyConfigError('is not valid JSON');
  }
  const parsed = z.array(privateJwkSchema).min(1).safeParse(json);
  if (!parsed.success) {
    throw new SigningKeyConfigError(`invalid at ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
  }
  const keys: { kid: string; jwk: PrivateJwk }[] = [];
  for (const [i, jwk] of parsed.data.entries()) {
    let derivedX: string | undefined;
    try {
      derivedX = (createPublicKey(createPrivateKey({ key: jwk as never, format: 'jwk' })).export({ format: 'jwk' }) as { x?: string }).x;
    } catch {
      throw new SigningKeyConfigError(`key ${i} is not a usable Ed25519 private key`);
    }
    if (derivedX !== jwk.x) throw new SigningKeyConfigError(`key ${i}: "x" does not match "d"`);
    const kid = jwk.kid ?? (await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }));
    if (keys.some((k) => k.kid === kid)) throw new SigningKeyConfigError(`kid "${kid}" appears twice`);
    keys.push({ kid, jwk });
  }
  return keys;
}

/** A fresh Ed25519 key as a private JWK with its thumbprint as `kid` (tests and development). */
export async function generateSigningJwk(): Promise<PrivateJwk & { kid: string }> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = (await exportJWK(privateKey)) as PrivateJwk;
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
  return { kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x, kid };
}

async function load(kid: string, jwk: PrivateJwk): Promise<LoadedKey> {
  const privateKey = (await importJWK({ kty: jwk.kty, crv: jwk.crv, d: jwk.d, x: jwk.x } as JWK, ACCESS_TOKEN.algorithm)) as CryptoKey;
  const publicJwk = publicJwkSchema.parse({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: ACCESS_TOKEN.algorithm, use: 'sig' });
  return { kid, privateKey, publicJwk };
}

/**
 * The keys access tokens are signed with. Production sets JWT_PRIVATE_KEYS (the first key
 * signs; the others still verify, so a rotation adds the new key first and drops the old one
 * once its tokens have expired). When it is unset — development only — the first replica
 * generates a key and stores it, so every replica signs with the same one.
 */
@Injectable()
export class SigningKeys implements OnModuleInit {
  private loading?: Promise<LoadedKey[]>;
  private keys: LoadedKey[] = [];

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IdentityConfig,
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): Promise<unknown> {
    return this.ready();
  }

  /** Loads once (Nest may call the init hook from both the HTTP and the NATS side). */
  ready(): Promise<LoadedKey[]> {
    this.loading ??= this.load().then((keys) => (this.keys = keys));
    return this.loading;
  }

  async current(): Promise<LoadedKey> {
    const keys = await this.ready();
    return keys[0]!;
  }

  async publicKeys(): Promise<PublicJwk[]> {
    return (await this.ready()).map((k) => k.publicJwk);
  }

  private async load(): Promise<LoadedKey[]> {
    if (this.config.JWT_PRIVATE_KEYS) {
      const keys = await parsePrivateKeys(this.config.JWT_PRIVATE_KEYS);
      this.logger.info({ kids: keys.map((k) => k.kid) }, 'access tokens signed with configured keys');
      return Promise.all(keys.map((k) => load(k.kid, k.jwk)));
    }
    const stored = await this.storedDevelopmentKey();
    this.logger.warn(
      { kid: stored.kid },
      'JWT_PRIVATE_KEYS is unset: signing with a generated development key kept in the database; production must set JWT_PRIVATE_KEYS',
    );
    return [await load(stored.kid, privateJwkSchema.parse(stored.privateJwk))];
  }

  private async storedDevelopmentKey(): Promise<SigningKey> {
    return this.orm.em.fork().transactional(async (em) => {
      // Replicas starting together agree on one key.
      await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`${schemaOf('identity')}:signing-keys`]);
      const [existing] = await em.find(SigningKey, {}, { orderBy: { createdAt: 'desc' }, limit: 1 });
      if (existing) return existing;
      const jwk = await generateSigningJwk();
      const key = em.create(SigningKey, {
        kid: jwk.kid,
        privateJwk: { ...jwk },
        publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid },
        createdAt: new Date(),
      });
      return key;
    });
  }
}
