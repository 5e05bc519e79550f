import { BACKEND_SERVICES, streamOf, type BackendService, type ServiceName } from '#libs/contracts';
import { deadLetterSubject, eventSubjectsOf } from '../events/streams.js';
import { BUS_REGISTRY, bucketStreamOf, busDurables, busStreams, streamsUsedBy, type BusRegistry } from './topology.js';

export { IDEMPOTENCY_BUCKET, type BusRegistry } from './topology.js';

/** The platform's own processes on the bus: the six backend services and the gateway. They sign forwarded principals. */
export const BUS_PRINCIPALS: readonly ServiceName[] = [...BACKEND_SERVICES, 'gateway'];

/**
 * Clients outside the platform that hold bus credentials of their own: data connectors, which
 * may only put commands on intake streams (`<service>.cmd.>`). They sign no principals, answer
 * no requests and read no events.
 */
export const BUS_CLIENTS = ['connector'] as const;
export type BusClient = (typeof BUS_CLIENTS)[number];
/**
 * The bus operator: `npm run bus:provision` runs as it, before any service, and is the only
 * user that may create or change streams and durable consumers.
 */
export const BUS_OPERATORS = ['provisioner'] as const;
export type BusOperator = (typeof BUS_OPERATORS)[number];
/** Every NATS user the generated configuration knows. */
export type BusUser = ServiceName | BusClient | BusOperator;
export const BUS_USERS: readonly BusUser[] = [...BUS_PRINCIPALS, ...BUS_CLIENTS, ...BUS_OPERATORS];

export interface BusPermissions {
  publish: string[];
  subscribe: string[];
  /** Whether it may reply to requests it received (the server then allows one reply per request). */
  allowResponses: boolean;
}

/**
 * Each connection gets its own inbox prefix, so replies and JetStream deliveries addressed to
 * one principal cannot be read by another.
 */
export function inboxPrefixOf(name: BusUser): string {
  return `_INBOX_${name}`;
}

function isBackend(name: ServiceName): name is BackendService {
  return (BACKEND_SERVICES as readonly string[]).includes(name);
}

/**
 * One durable pull consumer, by its exact name: inspect it, update it, pull, acknowledge. The
 * provisioner created it as a pull consumer and JetStream never turns one into a push consumer,
 * so updating it cannot make it deliver elsewhere; every other name, and deleting, is refused.
 * The create subject is `CONSUMER.CREATE.<stream>.<durable>[.<filter>]` (nats-server 2.9+) or
 * the older `CONSUMER.DURABLE.CREATE.<stream>.<durable>`.
 */
function durablePull(stream: string, durable: string): string[] {
  return [
    `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
    `$JS.API.CONSUMER.CREATE.${stream}.${durable}`,
    `$JS.API.CONSUMER.CREATE.${stream}.${durable}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

/** Ephemeral ordered consumers (server- or client-named): read the stream, nothing more. */
function ephemeralReader(stream: string): string[] {
  return [
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.*`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
  ];
}

/** Reading and writing keys; the bucket's stream itself is the provisioner's. */
function bucket(name: string): string[] {
  const stream = bucketStreamOf(name);
  return [`$KV.${name}.>`, `$JS.API.STREAM.MSG.GET.${stream}`, `$JS.API.DIRECT.GET.${stream}`, `$JS.API.DIRECT.GET.${stream}.>`];
}

/**
 * The operator: creates and updates every registered stream and creates every registered
 * durable. Never deletes or purges: a stream that cannot be converged is a human's decision.
 */
function provisioner(registry: BusRegistry): BusPermissions {
  const publish = new Set<string>(['$JS.API.INFO']);
  for (const { name } of busStreams({}, registry)) for (const op of ['INFO', 'CREATE', 'UPDATE']) publish.add(`$JS.API.STREAM.${op}.${name}`);
  for (const d of busDurables(registry)) {
    publish.add(`$JS.API.CONSUMER.INFO.${d.stream}.${d.durable}`);
    publish.add(`$JS.API.CONSUMER.CREATE.${d.stream}.${d.durable}`);
    if (d.filter) publish.add(`$JS.API.CONSUMER.CREATE.${d.stream}.${d.durable}.${d.filter}`);
    publish.add(`$JS.API.CONSUMER.DURABLE.CREATE.${d.stream}.${d.durable}`);
  }
  return { publish: [...publish], subscribe: [`${inboxPrefixOf('provisioner')}.>`], allowResponses: false };
}

/**
 * What one principal may publish and subscribe to, derived from the contract registry:
 * - requests: it answers (subscribes to) its own request subjects only, and sends only those
 *   whose contract names it as a caller (the gateway by default);
 * - events: it publishes only `<itself>.evt.>` (its stream captures them), and reads only
 *   through its registered durable pull consumers (the gateway, which keeps no state, through
 *   ephemeral ones on the streams whose events name it);
 * - JetStream: stream information only for the streams it uses (no create, update, delete,
 *   purge or message deletion: the provisioner owns streams), dead letters of its own durables,
 *   and its own key-value buckets; never another principal's.
 */
export function busPermissions(name: BusUser, registry: BusRegistry = BUS_REGISTRY): BusPermissions {
  if (name === 'connector') {
    // A JetStream publish is a request: the stream's ack comes back on the client's own inbox.
    return { publish: registry.commands.map((c) => c.subject).sort(), subscribe: [`${inboxPrefixOf(name)}.>`], allowResponses: false };
  }
  if (name === 'provisioner') return provisioner(registry);
  const publish = new Set<string>(['$JS.API.INFO']);
  const subscribe = new Set<string>([`${inboxPrefixOf(name)}.>`]);

  for (const contract of registry.requests) {
    if (contract.callers.includes(name)) publish.add(contract.subject);
    if (contract.service === name) subscribe.add(contract.subject);
  }
  if (isBackend(name)) publish.add(eventSubjectsOf(name));
  for (const stream of streamsUsedBy(name, registry)) publish.add(`$JS.API.STREAM.INFO.${stream}`);
  for (const d of busDurables(registry)) {
    if (d.service !== name) continue;
    for (const s of durablePull(d.stream, d.durable)) publish.add(s);
    publish.add(deadLetterSubject(d.stream, d.consumer));
  }
  if (name === 'gateway') {
    for (const e of registry.events) if (e.consumers.includes(name)) for (const s of ephemeralReader(streamOf(e.service))) publish.add(s);
  }
  for (const b of registry.buckets) if (b.owner === name) for (const s of bucket(b.bucket)) publish.add(s);

  return { publish: [...publish], subscribe: [...subscribe], allowResponses: isBackend(name) };
}
