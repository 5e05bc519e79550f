// Provisions the bus from the contract registry:
//   npm run bus:provision
// Creates or updates every stream (one per producing service, the command intakes,
// DEAD_LETTER) and key-value bucket, and creates every registered durable pull consumer.
// Runs as the bus operator (the `provisioner` user: NATS_NKEY_SEED or NATS_CREDS, NATS_CA for
// tls://) at NATS_URL (default nats://127.0.0.1:4222), before any service starts; services
// only check what it made. NATS_STREAM_REPLICAS, NATS_STREAM_STORAGE and EVENT_RETENTION_HOURS
// must be those the services are given: they refuse to start on a stream that differs.
import { connect } from '@nats-io/transport-node';
import { DEFAULT_EVENT_RETENTION_HOURS } from '../events/streams.js';
import { runOperatorCommand } from '../operator-command.js';
import { busConnectOptions } from './credentials.js';
import { provisionBus } from './provision.js';

const HOUR_MS = 3_600_000;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

function parse(argv: string[]) {
  if (argv.length) throw new Error('usage: npm run bus:provision (configured by NATS_URL, NATS_NKEY_SEED or NATS_CREDS, NATS_CA, NATS_STREAM_REPLICAS, NATS_STREAM_STORAGE, EVENT_RETENTION_HOURS)');
  const storage = process.env.NATS_STREAM_STORAGE ?? 'file';
  if (storage !== 'file' && storage !== 'memory') throw new Error(`NATS_STREAM_STORAGE must be file or memory, got ${JSON.stringify(storage)}`);
  return {
    servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(','),
    streams: { replicas: positiveInt('NATS_STREAM_REPLICAS', 1), storage: storage as 'file' | 'memory', maxAgeMs: positiveInt('EVENT_RETENTION_HOURS', DEFAULT_EVENT_RETENTION_HOURS) * HOUR_MS },
  };
}

async function main(args: ReturnType<typeof parse>): Promise<number> {
  const nc = await connect({ servers: args.servers, name: 'bus-provision', ...busConnectOptions('provisioner', process.env) });
  try {
    const report = await provisionBus(nc, args.streams);
    for (const s of report.streams) process.stdout.write(`${JSON.stringify(s)}\n`);
    process.stderr.write(`bus provisioned: ${report.streams.length} streams and buckets, ${report.durables.length} new durable consumers\n`);
    return 0;
  } finally {
    await nc.drain();
  }
}

runOperatorCommand('bus:provision', parse, main);
