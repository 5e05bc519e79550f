import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { RequestContract, RequestOf, ResponseOf } from '#libs/contracts';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export interface FakeResponder {
  /** Requests answered so far. */
  readonly calls: number;
  stop(): Promise<void>;
}

/**
 * A stand-in answering one subject on the real bus, in the owning service's queue group and in
 * Nest's reply frame, for services whose own implementation is not part of the stack under test.
 * Replies are checked against the contract, so a stand-in cannot drift from it.
 */
export function answer<C extends RequestContract>(nc: NatsConnection, contract: C, reply: (payload: RequestOf<C>) => ResponseOf<C>): FakeResponder {
  let calls = 0;
  const sub: Subscription = nc.subscribe(contract.subject, {
    queue: contract.service,
    callback: (err, msg) => {
      if (err) return;
      calls++;
      const frame = JSON.parse(decoder.decode(msg.data)) as { id: string; data: RequestOf<C> };
      const data = contract.response.parse(reply(frame.data));
      msg.respond(encoder.encode(JSON.stringify({ id: frame.id, response: { data }, isDisposed: true })));
    },
  });
  return {
    get calls() {
      return calls;
    },
    async stop() {
      sub.unsubscribe();
      await nc.flush();
    },
  };
}

/** Counts requests per subject on the bus (a plain subscriber sees every request a queue group gets). */
export function wiretap(nc: NatsConnection, subjects: string[]) {
  const counts = new Map<string, number>();
  const subs = subjects.map((s) =>
    nc.subscribe(s, {
      callback: (err, msg) => {
        if (!err && !msg.subject.includes('.evt.')) counts.set(msg.subject, (counts.get(msg.subject) ?? 0) + 1);
      },
    }),
  );
  return {
    counts,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    async flush() {
      await nc.flush();
    },
    stop: () => subs.forEach((s) => s.unsubscribe()),
  };
}
