import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Kvm, type KV } from '@nats-io/kv';
import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { NATS_CONNECTION, SERVICE_CONFIG, type BaseConfig } from '#libs/service-defaults';

/**
 * A key is `pending` while its first attempt runs, under a lease: a gateway that dies
 * mid-request leaves the key to expire at the lease's end, not at the bucket's TTL. A `done`
 * result is sealed (see request-fingerprint.ts); only the client's key opens it.
 */
export type IdempotencyRecord =
  | { state: 'pending'; requestHash: string; leaseUntil: string }
  | { state: 'done'; requestHash: string; sealed: string };

/** What a replay answers with, stored sealed. */
export interface StoredResult {
  status: number;
  body: unknown;
  location?: string;
}

export const IDEMPOTENCY_BUCKET = 'gateway_idempotency';
const TTL_MS = 24 * 60 * 60 * 1000;
const MIN_LEASE_MS = 30_000;

/** A pending claim outlives a request that runs its calls to their deadlines, with room to spare. */
export function leaseMs(requestTimeoutMs: number): number {
  return Math.max(MIN_LEASE_MS, 3 * requestTimeoutMs);
}

/**
 * First results of idempotent writes, in a JetStream key-value bucket so every gateway
 * replica sees them; `create` and revision-checked `update` are atomic, so two concurrent
 * retries cannot both run, nor both take over an expired lease.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  private kv!: KV;
  private readonly leaseMs: number;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<BaseConfig, 'NATS_STREAM_REPLICAS' | 'NATS_STREAM_STORAGE' | 'NATS_REQUEST_TIMEOUT_MS'>,
  ) {
    this.leaseMs = leaseMs(config.NATS_REQUEST_TIMEOUT_MS);
  }

  async onModuleInit() {
    const replicas = this.config.NATS_STREAM_REPLICAS;
    this.kv = await new Kvm(this.nc).create(IDEMPOTENCY_BUCKET, { ttl: TTL_MS, history: 1, replicas, storage: this.config.NATS_STREAM_STORAGE === 'memory' ? StorageType.Memory : StorageType.File });
    // An existing bucket keeps the settings it was created with: bring its copies in line, as
    // ensureStreams does for the event streams.
    const jsm = await jetstreamManager(this.nc);
    const { config } = await jsm.streams.info(`KV_${IDEMPOTENCY_BUCKET}`);
    if (config.num_replicas !== replicas) await jsm.streams.update(config.name, { ...config, num_replicas: replicas });
  }

  /**
   * Claims the key; returns the existing record instead when someone holds it already. A
   * pending claim whose lease has passed is taken over by a retry of the same request.
   */
  async claim(key: string, requestHash: string): Promise<IdempotencyRecord | undefined> {
    const pending = (): string =>
      JSON.stringify({ state: 'pending', requestHash, leaseUntil: new Date(Date.now() + this.leaseMs).toISOString() } satisfies IdempotencyRecord);
    try {
      await this.kv.create(key, pending());
      return undefined;
    } catch {
      const entry = await this.kv.get(key);
      if (!entry || entry.operation !== 'PUT') return this.claim(key, requestHash);
      const record = entry.json<IdempotencyRecord>();
      const abandoned = record.state === 'pending' && record.requestHash === requestHash && !(Date.parse(record.leaseUntil) > Date.now());
      if (!abandoned) return record;
      try {
        await this.kv.update(key, pending(), entry.revision);
        return undefined;
      } catch {
        // Another retry took it over first.
        return this.claim(key, requestHash);
      }
    }
  }

  async complete(key: string, requestHash: string, sealed: string) {
    await this.kv.put(key, JSON.stringify({ state: 'done', requestHash, sealed } satisfies IdempotencyRecord));
  }

  /** A failed attempt leaves no effect, so the key is released for a retry. */
  async release(key: string) {
    await this.kv.delete(key).catch(() => undefined);
  }
}
