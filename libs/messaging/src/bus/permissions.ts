import {
  BACKEND_SERVICES,
  COMMAND_CONTRACTS,
  EVENT_CONTRACTS,
  REQUEST_CONTRACTS,
  streamOf,
  type BackendService,
  type CommandContract,
  type EventContract,
  type RequestContract,
  type ServiceName,
} from '#libs/contracts';
import { DEAD_LETTER_STREAM, eventSubjectsOf } from '../events/streams.js';

/** The platform's own processes on the bus: the six backend services and the gateway. They sign forwarded principals. */
export const BUS_PRINCIPALS: readonly ServiceName[] = [...BACKEND_SERVICES, 'gateway'];

/**
 * Clients outside the platform that hold bus credentials of their own: data connectors, which
 * may only put commands on intake streams (`<service>.cmd.>`). They sign no principals, answer
 * no requests and read no events.
 */
export const BUS_CLIENTS = ['connector'] as const;
export type BusClient = (typeof BUS_CLIENTS)[number];
/** Every NATS user the generated configuration knows. */
export type BusUser = ServiceName | BusClient;
export const BUS_USERS: readonly BusUser[] = [...BUS_PRINCIPALS, ...BUS_CLIENTS];

/** JetStream key-value buckets, by owner. Nobody else may touch a bucket. */
export const KV_BUCKETS: Readonly<Partial<Record<ServiceName, readonly string[]>>> = {
  gateway: ['gateway_idempotency'],
};
export const IDEMPOTENCY_BUCKET = 'gateway_idempotency';

export interface BusPermissions {
  publish: string[];
  subscribe: string[];
  /** Whether it may reply to requests it received (the server then allows one reply per request). */
  allowResponses: boolean;
}

export interface BusRegistry {
  requests: readonly RequestContract[];
  events: readonly EventContract[];
  commands: readonly CommandContract[];
}

const REGISTRY: BusRegistry = { requests: REQUEST_CONTRACTS, events: EVENT_CONTRACTS, commands: COMMAND_CONTRACTS };

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

/** Streams whose events `name` is declared to consume, by producing service. */
function consumedStreams(name: ServiceName, events: readonly EventContract[]): string[] {
  return [...new Set(events.filter((e) => e.consumers.includes(name) && e.service !== name).map((e) => streamOf(e.service)))].sort();
}

function streamAdmin(stream: string): string[] {
  // No DELETE or PURGE: a service can create and converge its streams, never erase them.
  return ['INFO', 'CREATE', 'UPDATE'].map((op) => `$JS.API.STREAM.${op}.${stream}`);
}

/**
 * Durable pull consumers on a stream it reads: create/update/inspect them, pull, acknowledge,
 * dead-letter. Durable names are `<consumer>__<STREAM>` with consumer names chosen per service
 * (`campaigns-offers`), and subject wildcards cannot match part of a name, so any name on
 * that stream is allowed; deleting a consumer is not.
 */
function durableConsumers(stream: string): string[] {
  return [
    ...['INFO', 'CREATE', 'DURABLE.CREATE', 'MSG.NEXT'].map((op) => `$JS.API.CONSUMER.${op}.${stream}.*`),
    // CREATE.<stream>.<durable>.<filter subject> (one filter) on servers that support it.
    `$JS.API.CONSUMER.CREATE.${stream}.*.>`,
    `$JS.ACK.${stream}.>`,
    `dlq.${stream}.*`,
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

function bucket(name: string): string[] {
  const stream = `KV_${name}`;
  return [
    ...streamAdmin(stream),
    `$KV.${name}.>`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
  ];
}

/**
 * What one principal may publish and subscribe to, derived from the contract registry:
 * - requests: it answers (subscribes to) its own request subjects only, and sends only those
 *   whose contract names it as a caller (the gateway by default);
 * - events: it publishes only `<itself>.evt.>` (its stream captures them), and reads only the
 *   streams of events that name it as a consumer, through durable consumers (the gateway,
 *   which keeps no state, through ephemeral ones);
 * - JetStream: its own stream, the shared dead-letter stream (`dlq.<STREAM>.*` of the streams it reads),
 *   and its own key-value buckets; never another principal's.
 */
export function busPermissions(name: BusUser, registry: BusRegistry = REGISTRY): BusPermissions {
  if (name === 'connector') {
    // A JetStream publish is a request: the stream's ack comes back on the client's own inbox.
    return { publish: registry.commands.map((c) => c.subject).sort(), subscribe: [`${inboxPrefixOf(name)}.>`], allowResponses: false };
  }
  const publish = new Set<string>(['$JS.API.INFO']);
  const subscribe = new Set<string>([`${inboxPrefixOf(name)}.>`]);

  for (const contract of registry.requests) {
    if (contract.callers.includes(name)) publish.add(contract.subject);
    if (contract.service === name) subscribe.add(contract.subject);
  }
  if (isBackend(name) && registry.commands.some((c) => c.service === name)) {
    // Its intake stream of commands (a work queue it consumes itself).
    const intake = `${streamOf(name)}_INTAKE`;
    for (const s of [...streamAdmin(intake), ...durableConsumers(intake)]) publish.add(s);
  }
  if (isBackend(name)) {
    const own = streamOf(name);
    publish.add(eventSubjectsOf(name));
    for (const s of [...streamAdmin(own), ...streamAdmin(DEAD_LETTER_STREAM)]) publish.add(s);
  }
  for (const stream of consumedStreams(name, registry.events)) {
    publish.add(`$JS.API.STREAM.INFO.${stream}`);
    // A service consuming may start before its producer: it may create the stream, not
    // reconfigure it. The gateway only follows a stream and waits for it to exist.
    if (isBackend(name)) publish.add(`$JS.API.STREAM.CREATE.${stream}`);
    const rules = isBackend(name) ? durableConsumers(stream) : ephemeralReader(stream);
    for (const s of rules) publish.add(s);
  }
  for (const b of KV_BUCKETS[name] ?? []) for (const s of bucket(b)) publish.add(s);

  return { publish: [...publish], subscribe: [...subscribe], allowResponses: isBackend(name) };
}
