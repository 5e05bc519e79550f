import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import YAML from 'yaml';
import { BUS_PRINCIPALS, busConnectOptions } from '#libs/messaging';
import { loadConfig, baseConfigSchema } from '#libs/service-defaults';
import { eventually } from '#libs/testing';
// @ts-expect-error plain ESM module without type declarations
import { fileEnvOf, renderK8sSecrets, writeBusFiles } from '../../deploy/nats/bus-files.mjs';
import { loadYaml, loadYamlDocuments } from './helpers.js';

/**
 * One generator feeds npm start, docker compose and Kubernetes. Its output must be what those
 * deployments mount and reference, and a nats-server must run on it with TLS and authentication.
 */
describe('bus credentials generator (deploy/nats)', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'tp-bus-'));
  beforeAll(() => writeBusFiles(out, { tls: true, hosts: ['nats', 'localhost', '127.0.0.1'] }));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes one directory per principal with what its container env points at', () => {
    const compose = loadYaml('docker-compose.yml');
    for (const name of BUS_PRINCIPALS) {
      const mount = compose.services[name].volumes.find((v: any) => v.source === 'bus-credentials');
      expect(mount).toMatchObject({ target: '/run/bus', read_only: true, volume: { subpath: name } });
      for (const key of ['NATS_CREDS', 'NATS_CA', 'PRINCIPAL_SIGNING_KEY_FILE', 'PRINCIPAL_VERIFY_KEYS_FILE']) {
        const inContainer: string = compose['x-service-env'][key];
        expect(existsSync(path.join(out, name, path.relative('/run/bus', inContainer)))).toBe(true);
      }
      // The files make a valid service configuration.
      const config = loadConfig(baseConfigSchema, fileEnvOf(path.join(out, name), { tls: true }));
      expect(config.PRINCIPAL_VERIFY_KEYS).toContain(`${name}:`);
    }
    expect(compose.services.nats.command.join(' ')).toContain('-c /etc/nats/nats-server.conf');
  });

  it('renders the Secrets every Deployment reads', () => {
    const secrets = YAML.parseAllDocuments(renderK8sSecrets(out, { tls: true })).map((d) => d.toJS());
    for (const name of BUS_PRINCIPALS) {
      const deployment = loadYamlDocuments('deploy/k8s', `${name}.yaml`).find((d) => d.kind === 'Deployment');
      const refs = deployment.spec.template.spec.containers[0].envFrom.map((e: any) => e.secretRef?.name).filter(Boolean);
      expect(refs).toContain(`${name}-bus`);
      const secret = secrets.find((s) => s.metadata.name === `${name}-bus`);
      expect(Object.keys(secret.stringData).sort()).toEqual(['NATS_NKEY_SEED', 'PRINCIPAL_SIGNING_KEY', 'PRINCIPAL_VERIFY_KEYS', 'ca.crt']);
      expect(secret.stringData['ca.crt']).toContain('BEGIN CERTIFICATE');
    }
  });

  it('configures a nats-server that speaks TLS and lets each principal in with its own key only', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const server = spawn('nats-server', ['-c', path.join(out, 'nats/nats-server.conf'), '-js', '-sd', path.join(out, 'js'), '-a', '127.0.0.1', '-p', String(port)], {
      stdio: 'ignore',
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/usr/local/sbin` },
    });
    try {
      const url = `nats://127.0.0.1:${port}`;
      const env = (name: string) => ({ NATS_CREDS: path.join(out, name, 'nkey.seed'), NATS_CA: path.join(out, name, 'ca.crt') });
      const nc = await eventually(() => connect({ servers: url, reconnect: false, ...busConnectOptions('gateway', env('gateway')) }), 5_000, 50);
      expect(nc.info?.tls_required).toBe(true);
      await expect(jetstreamManager(nc)).resolves.toBeDefined();
      await nc.close();
      // Without the CA the client refuses the server; without a key the server refuses the client.
      await expect(connect({ servers: url, reconnect: false, ...busConnectOptions('gateway', { NATS_CREDS: env('gateway').NATS_CREDS }) })).rejects.toThrow(/certificate/);
      await expect(connect({ servers: url, reconnect: false, tls: { caFile: env('gateway').NATS_CA } })).rejects.toThrow(/Authorization/);
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('keeps existing credentials when run again', () => {
    const before = readFileSync(path.join(out, 'gateway/nkey.seed'), 'utf8');
    writeBusFiles(out, { tls: true });
    expect(readFileSync(path.join(out, 'gateway/nkey.seed'), 'utf8')).toBe(before);
  });

  it('gives connectors a NATS key of their own (no principal key) and adds it to older credentials without rotating the rest', () => {
    expect(existsSync(path.join(out, 'connector/nkey.seed'))).toBe(true);
    expect(existsSync(path.join(out, 'connector/principal.key'))).toBe(false);
    const secret = YAML.parseAllDocuments(renderK8sSecrets(out, { tls: true })).map((d) => d.toJS()).find((s) => s.metadata.name === 'connector-bus');
    expect(Object.keys(secret.stringData).sort()).toEqual(['NATS_NKEY_SEED', 'ca.crt']);

    const file = path.join(out, 'credentials.json');
    const creds = JSON.parse(readFileSync(file, 'utf8'));
    const gateway = creds.nkeys.gateway;
    delete creds.nkeys.connector;
    writeFileSync(file, JSON.stringify(creds));
    writeBusFiles(out, { tls: true });
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after.nkeys.gateway).toBe(gateway);
    expect(after.nkeys.connector).toMatch(/^SU/);
    expect(readFileSync(path.join(out, 'nats/nats-server.conf'), 'utf8')).toContain('metrics-ingestion.cmd.videos.v1');
  });
});
