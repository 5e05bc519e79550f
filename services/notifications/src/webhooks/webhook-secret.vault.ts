import { createCipheriv, createDecipheriv, randomBytes as cryptoRandomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Endpoint signing secrets at rest. Standard Webhooks signs with an HMAC, so the secret must be
 * readable again (a hash will not do); it is kept sealed with AES-256-GCM under a key the
 * database never sees, so a copy of the database alone signs nothing.
 *
 * `WEBHOOK_SECRET_KEYS` is `kid=<base64 of 32 bytes>` entries, comma-separated: the first seals,
 * every one opens, so a key rotation puts the new key first and keeps the old one until every
 * endpoint has rotated its secret. Unset (development), secrets are kept as they are, and the
 * service says so at start. A stored value that is not sealed (`whsec_…`) still opens, so turning
 * encryption on needs no migration; each endpoint's next rotation seals its secrets.
 */
const SEALED = 'sealed:v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

const keyEntry = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}=[A-Za-z0-9+/]+={0,2}$/, 'each entry is kid=<base64 key>')
  .transform((entry) => {
    const at = entry.indexOf('=');
    return { kid: entry.slice(0, at), key: Buffer.from(entry.slice(at + 1), 'base64') };
  })
  .refine((k) => k.key.length === KEY_BYTES, { message: `each key is ${KEY_BYTES} bytes, base64` });

export class WebhookSecretKeysError extends Error {
  constructor(reason: string) {
    super(`WEBHOOK_SECRET_KEYS: ${reason} (expected kid=<base64 of ${KEY_BYTES} random bytes>, comma-separated, the sealing key first)`);
  }
}

export class WebhookSecretVault {
  private constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly sealingKid: string | null,
    private readonly randomBytes: (n: number) => Uint8Array,
  ) {}

  /** From the setting; never echoes the value when it is wrong. */
  static fromSetting(setting: string | undefined, randomBytes: (n: number) => Uint8Array = cryptoRandomBytes): WebhookSecretVault {
    if (!setting?.trim()) return new WebhookSecretVault(new Map(), null, randomBytes);
    const keys = new Map<string, Buffer>();
    for (const raw of setting.split(',')) {
      const parsed = keyEntry.safeParse(raw);
      if (!parsed.success) throw new WebhookSecretKeysError(parsed.error.issues[0]?.message ?? 'unreadable entry');
      if (keys.has(parsed.data.kid)) throw new WebhookSecretKeysError(`key id "${parsed.data.kid}" appears twice`);
      keys.set(parsed.data.kid, parsed.data.key);
    }
    return new WebhookSecretVault(keys, keys.keys().next().value ?? null, randomBytes);
  }

  get sealing(): boolean {
    return this.sealingKid !== null;
  }

  seal(secret: string): string {
    if (this.sealingKid === null) return secret;
    const iv = Buffer.from(this.randomBytes(IV_BYTES));
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.sealingKid)!, iv);
    // The key id is authenticated too, so a value cannot be moved under another key's name.
    cipher.setAAD(Buffer.from(this.sealingKid));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [SEALED, this.sealingKid, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(stored: string): string {
    if (!stored.startsWith(`${SEALED}:`)) return stored;
    const [, , kid, iv, tag, body] = stored.split(':');
    const key = kid === undefined ? undefined : this.keys.get(kid);
    if (!key || iv === undefined || tag === undefined || body === undefined) {
      throw new WebhookSecretKeysError(`a webhook secret is sealed with key "${kid ?? '?'}", which is not configured`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(kid!));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Opens a stored secret pair (current and, during a rotation's overlap, previous). */
  openSecrets<T extends { secret: string; previousSecret: string | null }>(stored: T): T {
    return { ...stored, secret: this.open(stored.secret), previousSecret: stored.previousSecret === null ? null : this.open(stored.previousSecret) };
  }
}
