import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { streamOf, type BackendService } from '#libs/contracts';

export const DEAD_LETTER_STREAM = 'DEAD_LETTER';
/** How long events stay on their stream unless configured (EVENT_RETENTION_HOURS); dead letters three times as long. */
export const DEFAULT_EVENT_RETENTION_HOURS = 720;
const HOUR_MS = 3_600_000;

/** Every event subject of a producing service: `<service>.evt.<noun>.<verb>.v<N>`. */
export function eventSubjectsOf(service: BackendService): string {
  return `${service}.evt.>`;
}

/** Where a consumer parks messages it gave up on, per source stream and consumer. */
export function deadLetterSubject(stream: string, consumer: string): string {
  return `dlq.${stream}.${consumer}`;
}

/** A service's intake stream of commands (`<service>.cmd.>`), a work queue it consumes itself. */
export function intakeStreamOf(service: BackendService): string {
  return `${streamOf(service)}_INTAKE`;
}

export interface EnsureStreamsOptions {
  /**
   * How long JetStream remembers a `Nats-Msg-Id`. A relay that crashes after the PubAck but
   * before marking the row published re-sends within this window and is deduplicated.
   */
  duplicateWindowMs?: number;
  /** Copies kept by a JetStream cluster (1 on a single server, 3 in production clusters). */
  replicas?: number;
  /** How long events stay on a producer's stream (default DEFAULT_EVENT_RETENTION_HOURS); dead letters are kept three times longer. */
  maxAgeMs?: number;
  /**
   * `file` (default) survives a server restart; `memory` does not and is only for throwaway
   * setups. Fixed when a stream is created: an existing stream keeps its storage.
   */
  storage?: 'file' | 'memory';
}

/** A stream's whole intended configuration (what the provisioner writes and services check). */
export type StreamSpec = Partial<StreamConfig> & { name: string; subjects: string[] };

/**
 * What the provisioner states explicitly on every stream, so an update also takes back what
 * someone added behind its back (sources, a seal, limits, delete/purge rights, rollups).
 */
const UNSET: Partial<StreamConfig> = {
  retention: RetentionPolicy.Limits,
  discard: DiscardPolicy.Old,
  max_msgs: -1,
  max_bytes: -1,
  max_msg_size: -1,
  max_msgs_per_subject: -1,
  max_consumers: -1,
  sealed: false,
  deny_delete: false,
  deny_purge: false,
  allow_rollup_hdrs: false,
  sources: [],
};

/** Settings every provisioned stream shares; each kind of stream adds its name, subjects and limits. */
export function streamDefaults(opts: EnsureStreamsOptions): Partial<StreamConfig> {
  return {
    ...UNSET,
    storage: opts.storage === 'memory' ? StorageType.Memory : StorageType.File,
    num_replicas: opts.replicas ?? 1,
    duplicate_window: nanos(opts.duplicateWindowMs ?? 120_000),
  };
}

const maxAgeOf = (opts: EnsureStreamsOptions) => opts.maxAgeMs ?? DEFAULT_EVENT_RETENTION_HOURS * HOUR_MS;

/** A producing service's event stream: its events only, kept `maxAgeMs`. */
export function eventStreamSpec(service: BackendService, opts: EnsureStreamsOptions = {}): StreamSpec {
  return { ...streamDefaults(opts), name: streamOf(service), subjects: [eventSubjectsOf(service)], max_age: nanos(maxAgeOf(opts)) };
}

/** Dead letters of every consumer, kept three times as long as events (never sealed or capped by count). */
export function deadLetterStreamSpec(opts: EnsureStreamsOptions = {}): StreamSpec {
  return { ...streamDefaults(opts), name: DEAD_LETTER_STREAM, subjects: ['dlq.>'], max_age: nanos(maxAgeOf(opts) * 3) };
}

/** A service's intake of commands: a work queue, so a message is gone once a replica acked it after commit. */
export function intakeStreamSpec(service: BackendService, opts: EnsureStreamsOptions = {}): StreamSpec {
  return { ...streamDefaults(opts), name: intakeStreamOf(service), subjects: [`${service}.cmd.>`], retention: RetentionPolicy.Workqueue, max_age: 0 };
}

/** nats-server's JSStreamNameExistErr: a stream of that name exists with another configuration. */
const STREAM_NAME_IN_USE = 10058;
/** nats-server's JSClusterNoPeersErr: a cluster still forming has not yet met every peer a replicated stream needs. */
const NO_PEERS_YET = 10005;
const PEERS_WAIT_MS = 15_000;

/**
 * Adds the stream, waiting while a cluster that has just elected its meta leader still lacks the
 * peers the replicas need (a provisioning run started with the cluster); any other refusal is final.
 */
async function addWhenPeersKnown(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const until = Date.now() + PEERS_WAIT_MS;
  for (;;) {
    try {
      await jsm.streams.add(spec);
      return;
    } catch (err) {
      const forming = err instanceof JetStreamApiError && (err.code === NO_PEERS_YET || /no suitable peers/i.test(err.message));
      if (!forming || Date.now() > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;
}

/**
 * Creates the stream, or converges an existing one to `spec` (every field but its storage,
 * which cannot change). Only the provisioner's credentials may do this.
 */
export async function upsertStream(jsm: JetStreamManager, spec: StreamSpec): Promise<'created' | 'updated'> {
  try {
    await jsm.streams.info(spec.name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await addWhenPeersKnown(jsm, spec);
      return 'created';
    } catch (addErr) {
      // Created by a concurrent run between our info and add: converge it below. Any other
      // refusal (limits, bad config, permissions) is the real answer and must surface.
      if (!(addErr instanceof JetStreamApiError && addErr.code === STREAM_NAME_IN_USE)) throw addErr;
    }
  }
  const { name, storage: _storage, ...update } = spec;
  await jsm.streams.update(name, update);
  return 'updated';
}

/**
 * Creates or updates one stream per producing service plus the dead-letter stream (a part of
 * what `provisionBus` does, for tests that need only these).
 */
export async function ensureStreams(jsm: JetStreamManager, services: readonly BackendService[], opts: EnsureStreamsOptions = {}): Promise<void> {
  for (const service of new Set(services)) await upsertStream(jsm, eventStreamSpec(service, opts));
  await upsertStream(jsm, deadLetterStreamSpec(opts));
}
