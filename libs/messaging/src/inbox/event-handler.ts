import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventContract, EventEnvelope, PayloadOf } from '#libs/contracts';

export interface EventHandler<C extends EventContract = EventContract> {
  readonly contract: C;
  /** Runs inside the consumer's transaction; `em` is that transaction. Throw to retry. */
  handle(em: EntityManager, event: EventEnvelope<PayloadOf<C>>): Promise<void>;
  /**
   * Applies several events of this contract in one transaction (see `onEventBatch`). Only for
   * handlers whose effect does not depend on how events are grouped or ordered among those
   * waiting (rollups keyed by the data's own timestamps, idempotent upserts).
   */
  handleBatch?(em: EntityManager, events: EventEnvelope<PayloadOf<C>>[]): Promise<void>;
  /** Most events per `handleBatch` transaction. */
  readonly maxBatch?: number;
}

/** Pairs a contract with its handler, typing the envelope's payload from the contract. */
export function onEvent<C extends EventContract>(
  contract: C,
  handle: (em: EntityManager, event: EventEnvelope<PayloadOf<C>>) => Promise<void>,
): EventHandler<C> {
  return { contract, handle };
}

/**
 * A handler that applies the events already waiting (up to `maxBatch`, default 20) in one
 * transaction: one inbox row per event commits with the batch's writes, so exactly-once holds
 * per event, and each message is acked after that commit. A redelivered event inside a batch
 * is skipped by its inbox row; if a batch fails for a reason other than infrastructure, its
 * events are retried one by one through the ordinary path, so a poison event is retried and
 * dead-lettered alone without holding back the others.
 */
export function onEventBatch<C extends EventContract>(
  contract: C,
  handleBatch: (em: EntityManager, events: EventEnvelope<PayloadOf<C>>[]) => Promise<void>,
  opts: { maxBatch?: number } = {},
): EventHandler<C> {
  return { contract, handle: (em, event) => handleBatch(em, [event]), handleBatch, maxBatch: opts.maxBatch ?? 20 };
}

/** Most events of `handler`'s subject applied in one transaction. */
export function batchLimitOf(handler: EventHandler<any> | undefined): number {
  return handler?.handleBatch ? Math.max(1, handler.maxBatch ?? 1) : 1;
}

/**
 * A service's handlers for one named consumer: an injectable class, so handlers can use the
 * service's providers. `startService` resolves it and runs one durable consumer per producer.
 */
export interface EventHandlerSet {
  handlers(): EventHandler<any>[];
}
