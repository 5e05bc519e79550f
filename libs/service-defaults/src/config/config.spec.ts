import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig(baseConfigSchema, {});
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(10_000);
  });

  it('names the bad variable and the value it got', () => {
    const schema = baseConfigSchema.extend({ HTTP_PORT: z.coerce.number().int().min(0).max(65535) });
    try {
      loadConfig(schema, { HTTP_PORT: 'eighty', NATS_URL: 'http://x' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toMatch(/HTTP_PORT: .*\(got "eighty"\)/);
      expect(message).toMatch(/NATS_URL: must be a nats:\/\/ URL/);
    }
  });

  it('never echoes a secret-looking value', () => {
    const schema = baseConfigSchema.extend({ JWT_PRIVATE_KEYS: z.string().startsWith('[') });
    expect(() => loadConfig(schema, { JWT_PRIVATE_KEYS: 'super-secret' })).toThrow(/JWT_PRIVATE_KEYS: .*\(value hidden\)/);
    expect(() => loadConfig(schema, { JWT_PRIVATE_KEYS: 'super-secret' })).not.toThrow(/super-secret/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(baseConfigSchema, { LOG_LEVEL: '' }).LOG_LEVEL).toBe('info');
  });

  it('reads <NAME>_FILE when <NAME> is unset (mounted Secrets), and says which file it cannot read', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tp-config-')), 'url');
    writeFileSync(file, 'nats://from-file:4222\n');
    expect(loadConfig(baseConfigSchema, { NATS_URL_FILE: file }).NATS_URL).toBe('nats://from-file:4222');
    expect(loadConfig(baseConfigSchema, { NATS_URL_FILE: file, NATS_URL: 'nats://env:4222' }).NATS_URL).toBe('nats://env:4222');
    expect(() => loadConfig(baseConfigSchema, { NATS_URL_FILE: `${file}.missing` })).toThrow(/NATS_URL_FILE: cannot read .*ENOENT/);
  });
});
