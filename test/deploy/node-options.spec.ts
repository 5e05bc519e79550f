// The services' Node options and allocator settings are written once, in deploy/Dockerfile's
// runtime stage, and everything that starts a service takes them from there.
import { readdirSync } from 'node:fs';
import { SERVICE_RUNTIME_VARIABLES, serviceEnvironment, serviceNodeOptions } from '../../deploy/local/node-options.mjs';
import { readText, repoPath } from './helpers.js';

describe('the services\' Node options and allocator settings', () => {
  it('are set by the runtime stage every service image is built on', () => {
    const options = serviceNodeOptions();
    expect(options).toMatch(/--max-semi-space-size=\d+/);
    expect(options).toMatch(/--max-old-space-size=\d+/);
    expect(serviceEnvironment()).toEqual({ NODE_OPTIONS: options, GLIBC_TUNABLES: expect.stringMatching(/glibc\.malloc\.mmap_threshold=\d+/) });
    const runtimeChildren = [...readText('deploy/Dockerfile').matchAll(/^FROM runtime AS (\S+)/gm)].map((m) => m[1]);
    expect(runtimeChildren).toEqual(expect.arrayContaining(['gateway', 'identity', 'roster', 'campaigns', 'negotiation', 'metrics-ingestion', 'metrics', 'notifications']));
  });

  it('are read from that stage only, in one ENV instruction or among others', () => {
    const dockerfile = (env: string) => `FROM node:24 AS deps\nENV NODE_OPTIONS="--deps"\nFROM node:24 AS runtime\n${env}\nFROM runtime AS roster\n`;
    expect(serviceNodeOptions(dockerfile('ENV NODE_OPTIONS="--a --b"'))).toBe('--a --b');
    expect(serviceNodeOptions(dockerfile('ENV NODE_ENV=production \\\n    NODE_OPTIONS="--a" \\\n    LOG_LEVEL=info'))).toBe('--a');
    expect(serviceNodeOptions(dockerfile('ENV LOG_LEVEL=info'))).toBe('');
    expect(serviceEnvironment(dockerfile('ENV NODE_OPTIONS="--a" \\\n    GLIBC_TUNABLES="glibc.malloc.x=1"'))).toEqual({ NODE_OPTIONS: '--a', GLIBC_TUNABLES: 'glibc.malloc.x=1' });
    // Always a NODE_OPTIONS, so the launcher's own never reaches a service.
    expect(serviceEnvironment(dockerfile('ENV LOG_LEVEL=info'))).toEqual({ NODE_OPTIONS: '' });
  });

  it('are not set anywhere else a deployment starts services, so nothing replaces them unnoticed', () => {
    const places = ['docker-compose.yml', ...readdirSync(repoPath('deploy/k8s')).map((f) => `deploy/k8s/${f}`)];
    for (const file of places) {
      for (const name of SERVICE_RUNTIME_VARIABLES) expect([file, name, readText(file).includes(name)]).toEqual([file, name, false]);
    }
    expect(readText('deploy/local/services.mjs')).toContain('serviceEnvironment()');
  });
});
