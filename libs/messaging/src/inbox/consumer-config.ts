import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, jetstreamManager, type ConsumerConfig } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

/** Durable consumer name: one per consuming service and producer stream. */
export function durableNameOf(consumer: string, stream: string): string {
  return `${consumer}__${stream}`;
}

function atLeast(version: string | undefined, major: number, minor: number): boolean {
  const [ma = 0, mi = 0] = (version ?? '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  return ma > major || (ma === major && mi >= minor);
}

/**
 * Subject filter for the handled subjects. Several filters (`filter_subjects`) need nats-server
 * 2.10; on older servers the consumer takes the whole stream (`wildcard`) and acks what it does
 * not handle. Every branch is live: the whole-stream fallback is what runs wherever this
 * project is tested or deployed today (the suite on Debian's 2.9.10, compose and Kubernetes on
 * `nats:2.9-alpine`, the minimum in docs/security.md), and the 2.10 branch serves a newer
 * nats-server installed by hand. Drop the fallback only when the minimum moves to 2.10.
 */
export function consumerFilter(
  subjects: readonly string[],
  serverVersion: string | undefined,
  wildcard: string,
): Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'> {
  const unique = [...new Set(subjects)].sort();
  if (unique.length === 1) return { filter_subject: unique[0] };
  if (atLeast(serverVersion, 2, 10)) return { filter_subjects: unique };
  return { filter_subject: wildcard };
}

/**
 * Creates the durable pull consumer, or updates the one the provisioner made, to ack
 * explicitly within `ackWaitMs`, with no server-side delivery cap (the consumer dead-letters by
 * itself after its own bound; a server-side cap would drop silently). The stream must exist.
 */
export async function ensureDurable(
  nc: NatsConnection,
  target: { stream: string; durable: string; ackWaitMs: number; filter?: Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'> },
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config: Partial<ConsumerConfig> = {
    durable_name: target.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(target.ackWaitMs),
    max_deliver: -1,
    // Both filter forms named, so switching from one to the other updates cleanly.
    ...(target.filter ? { filter_subject: target.filter.filter_subject, filter_subjects: target.filter.filter_subjects } : {}),
  };
  try {
    try {
      await jsm.consumers.info(target.stream, target.durable);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
      await jsm.consumers.add(target.stream, config);
      return;
    }
    const { durable_name: _name, deliver_policy: _policy, ...update } = config;
    await jsm.consumers.update(target.stream, target.durable, update);
  } catch (err) {
    if (!/permissions violation/i.test(String(err))) throw err;
    throw new Error(
      `durable consumer ${target.durable} on ${target.stream} is not one this service may use: declare it in the registry (EVENT_CONSUMERS or the service's command contracts, libs/contracts), then regenerate the bus credentials and run npm run bus:provision (${(err as Error).message})`,
      { cause: err },
    );
  }
}
