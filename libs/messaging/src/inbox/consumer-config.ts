import type { ConsumerConfig } from '@nats-io/jetstream';

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
