import { DiscardPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import {
  BACKEND_SERVICES,
  COMMAND_CONTRACTS,
  EVENT_CONSUMERS,
  EVENT_CONTRACTS,
  REQUEST_CONTRACTS,
  streamOf,
  type BackendService,
  type CommandContract,
  type EventConsumerDeclaration,
  type EventContract,
  type RequestContract,
  type ServiceName,
} from '#libs/contracts';
import {
  DEAD_LETTER_STREAM,
  deadLetterStreamSpec,
  eventStreamSpec,
  eventSubjectsOf,
  intakeStreamOf,
  intakeStreamSpec,
  streamDefaults,
  type EnsureStreamsOptions,
  type StreamSpec,
} from '../events/streams.js';
import { durableNameOf } from '../inbox/consumer-config.js';

/** A JetStream key-value bucket and the one principal that uses it. */
export interface BucketDeclaration {
  bucket: string;
  owner: ServiceName;
  /** How long a key lives. */
  ttlMs: number;
  /** Values kept per key. */
  history: number;
}

export const IDEMPOTENCY_BUCKET = 'gateway_idempotency';

/** Every key-value bucket. Nobody but its owner may touch a bucket. */
export const BUCKETS: readonly BucketDeclaration[] = [{ bucket: IDEMPOTENCY_BUCKET, owner: 'gateway', ttlMs: 24 * 60 * 60 * 1000, history: 1 }];

/** The stream behind a key-value bucket. */
export function bucketStreamOf(bucket: string): string {
  return `KV_${bucket}`;
}

/** The stream a key-value bucket lives in, shaped as the KV client expects it. */
export function bucketStreamSpec(decl: BucketDeclaration, opts: EnsureStreamsOptions = {}): StreamSpec {
  return {
    ...streamDefaults(opts),
    name: bucketStreamOf(decl.bucket),
    subjects: [`$KV.${decl.bucket}.>`],
    max_age: nanos(decl.ttlMs),
    max_msgs_per_subject: decl.history,
    discard: DiscardPolicy.New,
    allow_rollup_hdrs: true,
    allow_direct: true,
    deny_delete: true,
  };
}

/** What the bus is derived from: the contracts, the durable consumers and the buckets. */
export interface BusRegistry {
  requests: readonly RequestContract[];
  events: readonly EventContract[];
  commands: readonly CommandContract[];
  consumers: readonly EventConsumerDeclaration[];
  buckets: readonly BucketDeclaration[];
}

export const BUS_REGISTRY: BusRegistry = { requests: REQUEST_CONTRACTS, events: EVENT_CONTRACTS, commands: COMMAND_CONTRACTS, consumers: EVENT_CONSUMERS, buckets: BUCKETS };

/** One durable pull consumer: on which stream, under which name, run by which service. */
export interface DurableDeclaration {
  stream: string;
  durable: string;
  service: BackendService;
  /** The consumer name (dead letters go to `dlq.<stream>.<consumer>`). */
  consumer: string;
  /** What it is created reading: every event of the producer (its service narrows it). */
  filter?: string;
}

/** Services that take commands through an intake stream of their own. */
export function intakeServices(registry: BusRegistry = BUS_REGISTRY): BackendService[] {
  return [...new Set(registry.commands.map((c) => c.service as BackendService))].sort();
}

/**
 * Every durable consumer on the bus, from the registry: each declared consumer on each
 * producer's stream, and each intake stream's consumer (named after its service).
 */
export function busDurables(registry: BusRegistry = BUS_REGISTRY): DurableDeclaration[] {
  const events = registry.consumers.flatMap((c) =>
    c.producers.map((p) => ({ stream: streamOf(p), durable: durableNameOf(c.consumer, streamOf(p)), service: c.service, consumer: c.consumer, filter: eventSubjectsOf(p) })),
  );
  const intakes = intakeServices(registry).map((s) => ({ stream: intakeStreamOf(s), durable: durableNameOf(s, intakeStreamOf(s)), service: s, consumer: s }));
  return [...events, ...intakes];
}

/** Every stream the provisioner creates: one per producing service, the intakes, dead letters, buckets. */
export function busStreams(opts: EnsureStreamsOptions = {}, registry: BusRegistry = BUS_REGISTRY): StreamSpec[] {
  return [
    ...BACKEND_SERVICES.map((s) => eventStreamSpec(s, opts)),
    ...intakeServices(registry).map((s) => intakeStreamSpec(s, opts)),
    deadLetterStreamSpec(opts),
    ...registry.buckets.map((b) => bucketStreamSpec(b, opts)),
  ];
}

/**
 * Names of the streams `name` publishes to or reads, so it can check their configuration
 * before it starts: its own event stream and intake, the streams its consumers read (and the
 * dead-letter stream they write to), its buckets.
 */
export function streamsUsedBy(name: ServiceName, registry: BusRegistry = BUS_REGISTRY): string[] {
  const used = new Set<string>();
  if ((BACKEND_SERVICES as readonly string[]).includes(name)) used.add(streamOf(name as BackendService));
  for (const d of busDurables(registry)) {
    if (d.service !== name) continue;
    used.add(d.stream);
    used.add(DEAD_LETTER_STREAM);
  }
  // Stateless readers (the gateway's caches) follow streams through ephemeral consumers.
  if (name === 'gateway') for (const e of registry.events) if (e.consumers.includes(name)) used.add(streamOf(e.service));
  for (const b of registry.buckets) if (b.owner === name) used.add(bucketStreamOf(b.bucket));
  return [...used].sort();
}
