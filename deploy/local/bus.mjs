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

/**
 * Creates and converges every stream, bucket and durable consumer as the provisioner (what
 * `npm run bus:provision` does), before any service starts: services only check them. Uses the
 * same stream settings as the services (NATS_STREAM_REPLICAS, NATS_STREAM_STORAGE,
 * EVENT_RETENTION_HOURS from the environment), or they would refuse the streams.
 */
export async function provisionLocalBus({ url, bus, env = process.env }) {
  const { busConnectOptions, provisionBus, DEFAULT_EVENT_RETENTION_HOURS } = await import('#libs/messaging');
  const { connect } = await import('@nats-io/transport-node');
  const nc = await connect({ servers: url.split(','), name: 'bus-provision', ...busConnectOptions('provisioner', bus.envFor('provisioner')) });
  try {
    const report = await provisionBus(nc, {
      replicas: Number(env.NATS_STREAM_REPLICAS ?? 1),
      storage: env.NATS_STREAM_STORAGE === 'memory' ? 'memory' : 'file',
      maxAgeMs: Number(env.EVENT_RETENTION_HOURS ?? DEFAULT_EVENT_RETENTION_HOURS) * 3_600_000,
    });
    return `${report.streams.length} streams and buckets, ${report.durables.length} new durable consumers`;
  } finally {
    await nc.close();
  }
}
