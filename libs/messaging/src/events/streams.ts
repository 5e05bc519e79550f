import {
  JetStreamApiCodes,
  JetStreamApiError,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { streamOf, type BackendService } from '#libs/contracts';

export const DEAD_LETTER_STREAM = 'DEAD_LETTER';

/** Every event subject of a producing service: `<service>.evt.<noun>.<verb>.v<N>`. */
export function eventSubjectsOf(service: BackendService): string {
  return `${service}.evt.>`;
}

/** Where a consumer parks messages it gave up on, per source stream and consumer. */
export function deadLetterSubject(stream: string, consumer: string): string {
  return `dlq.${stream}.${consumer}`;
}

export interface EnsureStreamsOptions {
  /**
   * How long JetStream remembers a `Nats-Msg-Id`. A relay that crashes after the PubAck but
   * before marking the row published re-sends within this window and is deduplicated.
   */
  duplicateWindowMs?: number;
  /** Copies kept by a JetStream cluster (1 on a single server, 3 in production clusters). */
  replicas?: number;
  /** How long events stay on a producer's stream; dead letters are kept three times longer. */
  maxAgeMs?: number;
  /**
   * `file` (default) survives a server restart; `memory` does not and is only for throwaway
   * setups. Fixed when a stream is created: an existing stream keeps its storage.
   */
  storage?: 'file' | 'memory';
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;
}

async function upsertStream(jsm: JetStreamManager, cfg: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(cfg.name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await jsm.streams.add(cfg);
      return;
    } catch (addErr) {
      // Another replica created it between our info and add: fall through to update.
      if (!(addErr instanceof JetStreamApiError)) throw addErr;
    }
  }
  // Storage cannot change on an existing stream; everything else converges to this config.
  const { name, storage: _storage, ...update } = cfg;
  await jsm.streams.update(name, update);
}

/**
 * Creates or updates one stream per producing service plus the dead-letter stream. Safe to run
 * on every start of every replica.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  services: readonly BackendService[],
  opts: EnsureStreamsOptions = {},
): Promise<void> {
  const duplicateWindow = nanos(opts.duplicateWindowMs ?? 120_000);
  const storage = opts.storage === 'memory' ? StorageType.Memory : StorageType.File;
  const common = { storage, duplicate_window: duplicateWindow, num_replicas: opts.replicas ?? 1 };
  const maxAge = opts.maxAgeMs ?? 0; // 0: kept until limits say otherwise
  for (const service of new Set(services)) {
    await upsertStream(jsm, { name: streamOf(service), subjects: [eventSubjectsOf(service)], max_age: nanos(maxAge), ...common });
  }
  await upsertStream(jsm, { name: DEAD_LETTER_STREAM, subjects: ['dlq.>'], max_age: nanos(maxAge * 3), ...common });
}
