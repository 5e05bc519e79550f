// Writes the NATS server configuration and every principal's bus credentials, derived from
// the contract registry.
//
//   npm run bus:credentials -- --out .data/bus                     # files for a local server
//   npm run bus:credentials -- --out DIR --tls --host nats --conf-dir /etc/nats --http-port 8222
//   npm run bus:credentials -- --out DIR --tls --host nats --k8s k8s-bus-secrets.yaml
//
// Options: --out DIR (required) · --tls (private CA + server certificate via openssl) ·
// --host NAME (repeatable: names in the certificate) · --conf-dir DIR (where DIR/nats is
// mounted in the NATS container) · --http-port N (monitoring, /healthz) · --store-dir DIR ·
// --owner UID:GID (chown the tree, e.g. 1000:1000 for the service images) · --rotate (new keys) ·
// --k8s FILE (also write Kubernetes Secrets) · --namespace NS (default talent-portal).
// Existing credentials in DIR are kept unless --rotate.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderK8sSecrets, writeBusFiles } from './bus-files.mjs';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    tls: { type: 'boolean', default: false },
    host: { type: 'string', multiple: true },
    'conf-dir': { type: 'string' },
    'http-port': { type: 'string' },
    'store-dir': { type: 'string' },
    owner: { type: 'string' },
    rotate: { type: 'boolean', default: false },
    k8s: { type: 'string' },
    namespace: { type: 'string', default: 'talent-portal' },
  },
});
if (!values.out) {
  console.error('usage: generate.mjs --out DIR [--tls] [--host NAME]… [--conf-dir DIR] [--http-port N] [--store-dir DIR] [--owner UID:GID] [--rotate] [--k8s FILE]');
  process.exit(2);
}
const out = path.resolve(values.out);
const hosts = values.host?.length ? [...values.host, 'localhost', '127.0.0.1'] : ['localhost', '127.0.0.1'];
const { publicKeys } = writeBusFiles(out, {
  tls: values.tls,
  hosts,
  confDir: values['conf-dir'],
  httpPort: values['http-port'] ? Number(values['http-port']) : undefined,
  storeDir: values['store-dir'],
  rotate: values.rotate,
});
if (values.k8s) writeFileSync(path.resolve(values.k8s), renderK8sSecrets(out, { namespace: values.namespace, tls: values.tls }), { mode: 0o600 });
if (values.owner) (await import('node:child_process')).execFileSync('chown', ['-R', values.owner, out]);
console.log(`bus credentials in ${out}: nats/nats-server.conf${values.tls ? ' (TLS)' : ''}, one directory per principal`);
console.log(`principal verify keys: ${Object.entries(publicKeys).map(([n, k]) => `${n}:${k.slice(0, 8)}…`).join(' ')}`);
