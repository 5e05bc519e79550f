import { randomBytes } from 'node:crypto';
import { WebhookSecretKeysError, WebhookSecretVault } from './webhook-secret.vault.js';

const key = () => randomBytes(32).toString('base64');
const SECRET = 'whsec_' + randomBytes(32).toString('base64');

describe('WebhookSecretVault', () => {
  it('seals so that the stored value reveals nothing of the secret, and opens it back', () => {
    const vault = WebhookSecretVault.fromSetting(`k1=${key()}`);
    const stored = vault.seal(SECRET);
    expect(stored).not.toContain(SECRET.slice(6, 20));
    expect(stored.startsWith('sealed:v1:k1:')).toBe(true);
    expect(vault.open(stored)).toBe(SECRET);
    // A fresh nonce each time: equal secrets do not give equal values.
    expect(vault.seal(SECRET)).not.toBe(stored);
  });

  it('refuses a value altered at rest', () => {
    const vault = WebhookSecretVault.fromSetting(`k1=${key()}`);
    const parts = vault.seal(SECRET).split(':');
    const body = Buffer.from(parts[5]!, 'base64');
    body[0] = body[0]! ^ 1;
    parts[5] = body.toString('base64');
    expect(() => vault.open(parts.join(':'))).toThrow();
  });

  it('opens values sealed under an older key after a key rotation, and seals with the first key', () => {
    const oldKey = key();
    const before = WebhookSecretVault.fromSetting(`old=${oldKey}`).seal(SECRET);
    const after = WebhookSecretVault.fromSetting(`new=${key()},old=${oldKey}`);
    expect(after.open(before)).toBe(SECRET);
    expect(after.seal(SECRET).startsWith('sealed:v1:new:')).toBe(true);
  });

  it('cannot open a value once its key is gone, and says which key is missing', () => {
    const before = WebhookSecretVault.fromSetting(`gone=${key()}`).seal(SECRET);
    expect(() => WebhookSecretVault.fromSetting(`k2=${key()}`).open(before)).toThrow(/"gone", which is not configured/);
  });

  it('rejects a value moved under another key id', () => {
    const shared = key();
    const vault = WebhookSecretVault.fromSetting(`a=${shared},b=${shared}`);
    const moved = vault.seal(SECRET).replace('sealed:v1:a:', 'sealed:v1:b:');
    expect(() => vault.open(moved)).toThrow();
  });

  it('keeps secrets as they are without keys (development) and opens secrets stored before sealing was on', () => {
    const plain = WebhookSecretVault.fromSetting(undefined);
    expect(plain.sealing).toBe(false);
    expect(plain.seal(SECRET)).toBe(SECRET);
    expect(WebhookSecretVault.fromSetting(`k1=${key()}`).open(SECRET)).toBe(SECRET);
  });

  it.each([
    ['no key id', key()],
    ['a short key', `k1=${randomBytes(16).toString('base64')}`],
    ['a repeated id', `k1=${key()},k1=${key()}`],
  ])('refuses a setting with %s without echoing it', (_what, setting) => {
    let error: unknown;
    try {
      WebhookSecretVault.fromSetting(setting);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WebhookSecretKeysError);
    expect((error as Error).message).not.toContain(setting.match(/[A-Za-z0-9+/]{12,}/)![0].slice(0, 12));
  });

  it('opens a current and previous pair together', () => {
    const vault = WebhookSecretVault.fromSetting(`k1=${key()}`);
    const previous = 'whsec_' + randomBytes(32).toString('base64');
    expect(vault.openSecrets({ secret: vault.seal(SECRET), previousSecret: vault.seal(previous), x: 1 })).toEqual({ secret: SECRET, previousSecret: previous, x: 1 });
    expect(vault.openSecrets({ secret: vault.seal(SECRET), previousSecret: null })).toEqual({ secret: SECRET, previousSecret: null });
  });
});
