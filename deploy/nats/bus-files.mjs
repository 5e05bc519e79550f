// Bus credentials as files: one generator for `npm start`, docker compose and Kubernetes.
// Everything it writes is derived from the contract registry (#libs/messaging): the NATS
// server's users and permissions, one nkey and one principal signing key per principal.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BUS_PRINCIPALS,
  BUS_USERS,
  generateBusCredentials,
  principalPublicKeyOf,
  renderServerConfig,
  verifyKeysOf,
} from '#libs/messaging';

/** Loads the credentials kept in `dir`, or creates and keeps new ones (`rotate` forces new ones). */
export function loadOrCreateCredentials(dir, { rotate = false } = {}) {
  const file = path.join(dir, 'credentials.json');
  const kept = !rotate && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  if (kept && BUS_USERS.every((n) => kept.nkeys?.[n]) && BUS_PRINCIPALS.every((n) => kept.signingKeys?.[n])) return kept;
  // A user added since (a new service, the connectors) gets its keys; existing ones stay.
  const creds = generateBusCredentials(kept);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  return creds;
}

function write(file, text, mode = 0o600) {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, text, { mode });
  chmodSync(file, mode);
}

/** A private CA and a server certificate for `hosts` (DNS names or IPs), with openssl. */
export function writeTls(dir, hosts) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p = (f) => path.join(dir, f);
  if (existsSync(p('server.crt')) && existsSync(p('ca.crt'))) return;
  const san = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  const run = (args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '825', '-subj', '/CN=talent-portal bus CA', '-keyout', p('ca.key'), '-out', p('ca.crt')]);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${hosts[0]}`, '-keyout', p('server.key'), '-out', p('server.csr')]);
  write(p('san.ext'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  run(['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-days', '825', '-extfile', p('san.ext'), '-out', p('server.crt')]);
  for (const f of ['ca.key', 'server.key']) chmodSync(p(f), 0o600);
}

/** Environment of one principal when its secrets are files in `dir` (as mounted in its container). */
export function fileEnvOf(dir, { tls = false } = {}) {
  return {
    NATS_CREDS: path.posix.join(dir, 'nkey.seed'),
    PRINCIPAL_SIGNING_KEY_FILE: path.posix.join(dir, 'principal.key'),
    PRINCIPAL_VERIFY_KEYS_FILE: path.posix.join(dir, 'principal-verify-keys'),
    ...(tls ? { NATS_CA: path.posix.join(dir, 'ca.crt') } : {}),
  };
}

/**
 * Writes `<out>/nats/nats-server.conf` (+ `tls/`) and `<out>/<principal>/` (nkey seed, principal
 * key, verify keys, CA) so each container can mount only its own directory.
 * `confDir`: where `<out>/nats` appears inside the NATS container (paths in the config).
 */
export function writeBusFiles(out, opts = {}) {
  const { tls = false, hosts = ['localhost', '127.0.0.1'], confDir = path.join(out, 'nats'), httpPort, storeDir, rotate = false } = opts;
  const creds = loadOrCreateCredentials(out, { rotate });
  const natsDir = path.join(out, 'nats');
  if (tls) writeTls(path.join(natsDir, 'tls'), hosts);
  const tlsConf = tls ? { certFile: path.posix.join(confDir, 'tls/server.crt'), keyFile: path.posix.join(confDir, 'tls/server.key') } : undefined;
  write(path.join(natsDir, 'nats-server.conf'), renderServerConfig(creds, { tls: tlsConf, httpPort, storeDir }));
  const verifyKeys = verifyKeysOf(creds);
  for (const name of BUS_USERS) {
    const dir = path.join(out, name);
    write(path.join(dir, 'nkey.seed'), `${creds.nkeys[name]}\n`);
    // Connectors sign no principals: a NATS key (and the CA) only.
    if (BUS_PRINCIPALS.includes(name)) {
      write(path.join(dir, 'principal.key'), `${creds.signingKeys[name]}\n`);
      write(path.join(dir, 'principal-verify-keys'), `${verifyKeys}\n`, 0o644);
    }
    if (tls) write(path.join(dir, 'ca.crt'), readFileSync(path.join(natsDir, 'tls/ca.crt'), 'utf8'), 0o644);
  }
  return { creds, verifyKeys, publicKeys: Object.fromEntries(BUS_PRINCIPALS.map((n) => [n, principalPublicKeyOf(creds.signingKeys[n])])) };
}

/** Kubernetes Secrets: `<principal>-bus` (env for each Deployment) and `nats-bus-config` (server). */
export function renderK8sSecrets(out, { namespace = 'talent-portal', tls = false } = {}) {
  const creds = loadOrCreateCredentials(out);
  const verifyKeys = verifyKeysOf(creds);
  const indent = (text, n) => text.trimEnd().split('\n').map((l) => `${' '.repeat(n)}${l}`).join('\n');
  const ca = tls ? ['  ca.crt: |', indent(readFileSync(path.join(out, 'nats/tls/ca.crt'), 'utf8'), 4)] : [];
  // Principals also sign forwarded principals; connectors only hold a NATS key.
  const principalKeys = (name) =>
    BUS_PRINCIPALS.includes(name)
      ? [`  PRINCIPAL_SIGNING_KEY: ${JSON.stringify(creds.signingKeys[name])}`, `  PRINCIPAL_VERIFY_KEYS: ${JSON.stringify(verifyKeys)}`]
      : [];
  const docs = BUS_USERS.map((name) =>
    [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      `  name: ${name}-bus`,
      `  namespace: ${namespace}`,
      '  labels:',
      `    app.kubernetes.io/name: ${name}`,
      '    app.kubernetes.io/part-of: talent-portal',
      'type: Opaque',
      'stringData:',
      `  NATS_NKEY_SEED: ${JSON.stringify(creds.nkeys[name])}`,
      ...principalKeys(name),
      ...ca,
    ].join('\n'),
  );
  const natsFiles = ['nats-server.conf', ...(tls ? ['tls/server.crt', 'tls/server.key', 'tls/ca.crt'] : [])];
  docs.push(
    [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: nats-bus-config',
      `  namespace: ${namespace}`,
      'type: Opaque',
      'stringData:',
      ...natsFiles.flatMap((f) => [`  ${f.replace('/', '-')}: |`, indent(readFileSync(path.join(out, 'nats', f), 'utf8'), 4)]),
    ].join('\n'),
  );
  return `# Generated by deploy/nats/generate.mjs: real credentials, never commit.\n${docs.join('\n---\n')}\n`;
}
