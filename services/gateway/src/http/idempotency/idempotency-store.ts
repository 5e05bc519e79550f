import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { IDEMPOTENCY_BUCKET } from '#libs/messaging';
import { NATS_CONNECTION } from '#libs/service-defaults';

export type IdempotencyRecord =
  | { state: 'pending'; requestHash: string; startedAt: string }
  | { state: 'done'; requestHash: string; status: number; body: unknown; location?: string };

// Declared with the bus permissions: only the gateway's credentials may touch it.
const BUCKET = IDEMPOTENCY_BUCKET;
const TTL_MS = 24 * 60 * 60 * 1000;

/**
 * First results of idempotent writes, in a JetStream key-value bucket so every gateway
 * replica sees them; `create` is atomic, so two concurrent retries cannot both run.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  private kv!: KV;

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onModuleInit() {
    this.kv = await new Kvm(this.nc).create(BUCKET, { ttl: TTL_MS, history: 1 });
  }

  /** Claims the key; returns the existing record instead when someone holds it already. */
  async claim(key: string, requestHash: string): Promise<IdempotencyRecord | undefined> {
    const pending: IdempotencyRecord = { state: 'pending', requestHash, startedAt: new Date().toISOString() };
    try {
      await this.kv.create(key, JSON.stringify(pending));
      return undefined;
    } catch {
      const entry = await this.kv.get(key);
      if (!entry || entry.operation !== 'PUT') return this.claim(key, requestHash);
      return entry.json<IdempotencyRecord>();
    }
  }

  async complete(key: string, record: Extract<IdempotencyRecord, { state: 'done' }>) {
    await this.kv.put(key, JSON.stringify(record));
  }

  /** A failed attempt leaves no effect, so the key is released for a retry. */
  async release(key: string) {
    await this.kv.delete(key).catch(() => undefined);
  }
}
