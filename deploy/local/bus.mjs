// Bus credentials for `npm start`. Without an explicit NATS_URL the launcher runs its own
// nats-server with the users and permissions generated from the contracts (kept in .data/bus,
// reused across runs); with NATS_URL, each service's credentials come from NATS_CREDS_DIR (a
// directory written by `npm run bus:credentials`), or there are none.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { say } from './log-format.mjs';

export async function localBus({ dataDir }) {
  // Imported after the build: #libs/messaging resolves to dist/.
  const { writeBusFiles, fileEnvOf } = await import('../nats/bus-files.mjs');
  const { busConnectOptions } = await import('#libs/messaging');
  const gatewayProbe = (dir, tls) => busConnectOptions('gateway', { NATS_CREDS: path.join(dir, 'gateway/nkey.seed'), ...(tls ? { NATS_CA: path.join(dir, 'gateway/ca.crt') } : {}) });

  if (!process.env.NATS_URL) {
    const dir = path.join(dataDir, 'bus');
    writeBusFiles(dir);
    return {
      auth: { configFile: path.join(dir, 'nats/nats-server.conf'), connectOptions: gatewayProbe(dir, false) },
      envFor: (name) => fileEnvOf(path.join(dir, name)),
    };
  }
  const dir = process.env.NATS_CREDS_DIR && path.resolve(process.env.NATS_CREDS_DIR);
  if (!dir) {
    say('NATS_URL is set without NATS_CREDS_DIR: services connect to NATS without credentials', 'yellow');
    return { auth: undefined, probeOptions: {}, envFor: () => ({}) };
  }
  const tls = existsSync(path.join(dir, 'gateway/ca.crt'));
  return { auth: undefined, probeOptions: gatewayProbe(dir, tls), envFor: (name) => fileEnvOf(path.join(dir, name), { tls }) };
}
