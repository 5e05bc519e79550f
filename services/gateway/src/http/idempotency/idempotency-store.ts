import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Kvm, type KV } from '@nats-io/kv';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { bucketStreamOf, IDEMPOTENCY_BUCKET } from '#libs/messaging';
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

// Declared with the bus topology (provisioned, TTL and all): only the gateway's credentials may touch it.
export { IDEMPOTENCY_BUCKET };
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
    @Inject(SERVICE_CONFIG) config: Pick<BaseConfig, 'NATS_REQUEST_TIMEOUT_MS'>,
  ) {
    this.leaseMs = leaseMs(config.NATS_REQUEST_TIMEOUT_MS);
  }

  async onModuleInit() {
    // The bucket is provisioned and was checked at start; reads go direct when it allows them.
    const { config } = await (await jetstreamManager(this.nc)).streams.info(bucketStreamOf(IDEMPOTENCY_BUCKET));
    this.kv = await new Kvm(this.nc).open(IDEMPOTENCY_BUCKET, { allow_direct: config.allow_direct === true });
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
