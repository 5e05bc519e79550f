import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { ServiceName } from '#libs/contracts';
import { upsertStream, type EnsureStreamsOptions, type StreamSpec } from '../events/streams.js';
import { describeStreamDrift, streamConfigDrift } from './stream-drift.js';
import { BUS_REGISTRY, busDurables, busStreams, streamsUsedBy, type BusRegistry, type DurableDeclaration } from './topology.js';

/** What one provisioning run did. */
export interface ProvisionReport {
  streams: { name: string; action: 'created' | 'updated' }[];
  /** Durable consumers created (existing ones are left as their services configured them). */
  durables: string[];
}

/** A stream a principal needs is missing or not as the registry says: it must not start. */
export class BusTopologyError extends Error {
  constructor(message: string) {
    super(`${message} (run \`npm run bus:provision\` as the bus operator to create or restore it)`);
    this.name = 'BusTopologyError';
  }
}

function notFound(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}

async function ensureDurable(jsm: JetStreamManager, { stream, durable, filter }: DurableDeclaration): Promise<boolean> {
  try {
    await jsm.consumers.info(stream, durable);
    return false;
  } catch (err) {
    if (!notFound(err, JetStreamApiCodes.ConsumerNotFound)) throw err;
  }
  // A pull consumer from birth: JetStream never turns a pull consumer into a push one, so the
  // service that may update it cannot make it deliver anywhere. It starts on the producer's
  // whole event subject space, which is also what a service reading several subjects uses on
  // nats-server 2.9 (one filter only): updating a 2.9 consumer from no filter to that one
  // leaves it skipping what is stored.
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ...(filter ? { filter_subject: filter } : {}),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(30_000),
    max_deliver: -1,
  });
  return true;
}

const PROVISION_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Creates or converges every stream and bucket the registry declares, then creates every
 * registered durable consumer that does not exist yet. Safe to run again at any time; the only
 * principal allowed to is the provisioner (the bus operator).
 */
export async function provisionBus(nc: NatsConnection, opts: EnsureStreamsOptions = {}, registry: BusRegistry = BUS_REGISTRY): Promise<ProvisionReport> {
  // A one-shot operator step: a cluster still settling its leaders (R3 assets) may take longer
  // than a request's usual 5 s to answer, and waiting is cheaper than failing the deployment.
  const jsm = await jetstreamManager(nc, { timeout: PROVISION_REQUEST_TIMEOUT_MS });
  const report: ProvisionReport = { streams: [], durables: [] };
  for (const spec of busStreams(opts, registry)) {
    try {
      report.streams.push({ name: spec.name, action: await upsertStream(jsm, spec) });
    } catch (err) {
      // Sealed streams, a mirror or a republish cannot be changed in place: a human decides.
      throw new Error(`stream ${spec.name} could not be brought to the registry's configuration: ${(err as Error).message}`, { cause: err });
    }
  }
  for (const d of busDurables(registry)) if (await ensureDurable(jsm, d)) report.durables.push(d.durable);
  return report;
}

/** Checks one stream against its spec; throws a BusTopologyError naming every difference. */
export async function verifyStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  let actual;
  try {
    actual = (await jsm.streams.info(spec.name)).config;
  } catch (err) {
    if (notFound(err, JetStreamApiCodes.StreamNotFound)) throw new BusTopologyError(`stream ${spec.name} does not exist`);
    throw err;
  }
  const drift = streamConfigDrift(spec, actual);
  if (drift.length) throw new BusTopologyError(describeStreamDrift(spec.name, drift));
}

/**
 * What a principal checks before it starts: every stream it publishes to or reads exists and
 * is configured exactly as the registry says. Services never create or change streams.
 */
export async function verifyBusTopology(nc: NatsConnection, name: ServiceName, opts: EnsureStreamsOptions = {}, registry: BusRegistry = BUS_REGISTRY): Promise<void> {
  const used = new Set(streamsUsedBy(name, registry));
  if (!used.size) return;
  const jsm = await jetstreamManager(nc);
  for (const spec of busStreams(opts, registry)) if (used.has(spec.name)) await verifyStream(jsm, spec);
}
