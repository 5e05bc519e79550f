import type { EntityManager } from '@mikro-orm/postgresql';
import { jetstream, type ConsumerConfig, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { backoffDelay, wakeableWait, type BackoffOptions } from '../events/backoff.js';
import { silentLogger, type MessagingLogger } from '../events/logger.js';
import { ensureDurable } from './consumer-config.js';
import type { MessageOutcome } from './consumer-telemetry.js';
import { PullFeed } from './pull-feed.js';

/**
 * How long one pull request waits at the server. The client derives its idle heartbeat from it
 * (half), and a request whose heartbeats stop fails after two missed ones and is sent again:
 * with the client's 30 s default, a durable whose leader was on a lost cluster node stood still
 * for a minute or more before pulling again, and so did the projections it feeds.
 */
const PULL_EXPIRES_MS = 5_000;

export interface PullLoopOptions {
  nc: NatsConnection;
  stream: string;
  /** The durable pull consumer to read, created or updated at start (the stream must exist). */
  durable: string;
  /** Its subject filter, when it reads part of the stream. */
  filter?: Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'>;
  /** Most messages one pull request brings: what the loop can have buffered unread. */
  maxMessages: number;
  /** Most messages in the round that `first` starts. */
  roundLimit(first: JsMsg): number;
  /**
   * Most bytes of message data in one round (default: no bound). The message that starts a
   * round is always in it, however large; a later one that would pass the bound starts the next.
   */
  roundBytes?: number;
  /** Whether `next` may join the round `first` started; one that may not starts the next round. */
  joins(first: JsMsg, next: JsMsg): boolean;
  /**
   * Settles a round (acks, naks or terminates each message) and returns the messages it could
   * not settle because a dependency is away, in the order they are to be retried: the loop holds
   * them and pauses.
   */
  settle(round: JsMsg[]): Promise<JsMsg[]>;
  /** Whether the dependencies answer again; tried with backoff while paused. */
  probe(): Promise<boolean>;
  /** The durable's ack wait: messages held through an outage are kept alive well within it. */
  ackWaitMs: number;
  /** Waits between probes while paused, growing with each failed probe. Default 250 ms up to 10 s. */
  outageBackoff?: BackoffOptions;
  logger?: MessagingLogger;
}

/** What every durable consumer on the pull loop takes; each kind states its own defaults. */
export interface DurableConsumerOptions {
  nc: NatsConnection;
  /** Anything with a root EntityManager (a `MikroORM`): forked per transaction, and probed while paused. */
  orm: { em: EntityManager };
  /** Deliveries before a rejected message is dead-lettered. Default 5. */
  maxDeliver?: number;
  /** Redelivery delay after a rejection, by delivery count. */
  retry?: BackoffOptions;
  /** Time a delivery may stay unacknowledged before JetStream redelivers it. */
  ackWaitMs?: number;
  /** Messages the pull keeps buffered ahead of processing. */
  maxMessages?: number;
  /**
   * Waits between health probes while paused on an infrastructure failure (database or NATS
   * away), growing with each failed probe. Default 250 ms up to 10 s.
   */
  outageBackoff?: BackoffOptions;
  logger?: MessagingLogger;
  /** Told how each message ended (metrics). */
  onSettled?: (subject: string, outcome: MessageOutcome) => void;
  /** Told when a dead letter could not be stored (the message is kept and retried). */
  onDeadLetterFailed?: (subject: string) => void;
}

/** A durable consumer as `startService` runs it: identity for the gauges, lifecycle for readiness and drain. */
export interface DurableConsumer {
  readonly stream: string;
  readonly durableName: string;
  readonly deadLetterTarget: { stream: string; consumer: string };
  start(): Promise<void>;
  stop(): Promise<void>;
  isPulling(): boolean;
  isPaused(): boolean;
}

/** A durable consumer whose lifecycle is its pull loop's. */
export abstract class PulledConsumer implements DurableConsumer {
  abstract readonly stream: string;
  abstract readonly durableName: string;
  abstract readonly deadLetterTarget: { stream: string; consumer: string };
  protected abstract readonly loop: PullLoop;

  /** Creates or updates the durable consumer, then starts pulling. */
  start(): Promise<void> {
    return this.loop.start();
  }

  /**
   * Stops pulling and waits for the round in flight to be acked or naked; messages pulled but
   * not started (or held during an outage) are handed back at once (nak) for another replica.
   */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** True while started and its pull is alive (also while paused on an outage). */
  isPulling(): boolean {
    return this.loop.isPulling();
  }

  /** True while waiting for the database or NATS to come back. */
  isPaused(): boolean {
    return this.loop.isPaused();
  }
}

const DEFAULT_OUTAGE_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 10_000 };
const PROBE_TIMEOUT_MS = 5_000;

/** Resolves after pending I/O callbacks have run: messages already received win a race with it. */
const nextMacrotask = () => new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)));

/**
 * The database and NATS both answer. Bounded, so a hung connect (a partition) cannot stall a
 * paused loop's stop().
 */
export async function databaseAndNatsAnswer(orm: { em: EntityManager }, nc: NatsConnection): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.all([orm.em.fork().getConnection().execute('select 1'), nc.flush()]), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A durable consumer's deliveries (a `PullFeed`, one pull request at a time) read in rounds: a
 * round is the first message to arrive plus those already buffered behind it that may join it
 * (never waiting for more to arrive), so a lone message goes through at once and a burst is
 * settled in large rounds.
 *
 * When a round leaves messages unsettled (a dependency is away), the loop pauses: it sends no
 * further pull request and holds those messages and every one the open request still brings,
 * un-acked — extending their ack deadline so JetStream does not redeliver them — probes with
 * backoff, and settles them in order once the probe passes, however long that takes; then it
 * pulls again. Letting the open request end by itself rather than cutting it is what keeps the
 * stream's order through an outage: a delivery lost in a cut pull would come back only after
 * the ack wait, behind messages published after it.
 *
 * `stop()` waits for the round in flight; messages pulled but not started (or held) are handed
 * back at once (nak) for another replica.
 */
export class PullLoop {
  private readonly logger: MessagingLogger;
  private feed?: PullFeed;
  private loop?: Promise<void>;
  private stopping = false;
  private started = false;
  private pulling = false;
  private paused = false;
  private wakeProbe?: () => void;
  private keepingAlive?: NodeJS.Timeout;

  constructor(private readonly opts: PullLoopOptions) {
    this.logger = opts.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.stopping = false;
    await ensureDurable(this.opts.nc, { stream: this.opts.stream, durable: this.opts.durable, ackWaitMs: this.opts.ackWaitMs, filter: this.opts.filter });
    this.feed = await this.pull();
    this.started = true;
    this.loop = this.run(this.feed);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.stopping = true;
    this.wakeProbe?.();
    await this.feed?.close();
    await this.loop;
    this.feed = undefined;
    this.started = false;
    this.pulling = false;
  }

  /** True while started and the pull is alive (also while paused on an outage). */
  isPulling(): boolean {
    return this.started && !this.stopping && (this.pulling || this.paused);
  }

  /** True while waiting for a dependency to come back. */
  isPaused(): boolean {
    return this.paused;
  }

  private async pull(): Promise<PullFeed> {
    const consumer = await jetstream(this.opts.nc).consumers.get(this.opts.stream, this.opts.durable);
    return new PullFeed({
      nc: this.opts.nc,
      consumer,
      batch: this.opts.maxMessages,
      expiresMs: PULL_EXPIRES_MS,
      retry: this.opts.outageBackoff ?? DEFAULT_OUTAGE_BACKOFF,
      logger: this.logger,
      durable: this.opts.durable,
    });
  }

  private async run(first: PullFeed): Promise<void> {
    let feed: PullFeed | undefined = first;
    while (feed) {
      const held = await this.drainPull(feed);
      if (this.stopping) {
        this.stopKeepingAlive();
        for (const msg of held) msg.nak();
        return;
      }
      if (held.length === 0) {
        // The pull ended by itself (connection closed for good): unacked
        // messages stay in the stream for the next start; readiness reports it.
        this.logger.error({ consumer: this.opts.durable }, 'consumer stopped pulling');
        this.pulling = false;
        return;
      }
      await this.recover(held);
      if (this.stopping) return;
      feed = await this.resumePull();
      this.feed = feed;
    }
  }

  /**
   * Settles rounds until the pull ends. When a round leaves messages unsettled it finishes the
   * pull and returns what it holds (those messages first, then the ones the pull still brought).
   */
  private async drainPull(feed: PullFeed): Promise<JsMsg[]> {
    const held: JsMsg[] = [];
    this.pulling = true;
    const it = feed[Symbol.asyncIterator]();
    let next = it.next();
    let carried: JsMsg | undefined;
    let ended = false;
    try {
      while (carried || !ended) {
        let first = carried;
        carried = undefined;
        if (!first) {
          const r = await next;
          if (r.done) break;
          next = it.next();
          first = r.value;
        }
        if (this.stopping) {
          first.nak();
          continue;
        }
        if (held.length > 0) {
          held.push(first);
          continue;
        }
        const round = [first];
        const limit = this.opts.roundLimit(first);
        let bytes = first.data.length;
        while (round.length < limit) {
          const r = await Promise.race([next, nextMacrotask()]);
          if (r === undefined) break;
          if (r.done) {
            ended = true;
            break;
          }
          next = it.next();
          if (!this.joinsRound(first, bytes, r.value)) {
            carried = r.value;
            break;
          }
          round.push(r.value);
          bytes += r.value.data.length;
        }
        if (this.stopping) {
          for (const m of round) m.nak();
          continue;
        }
        const unsettled = await this.settleSafely(round);
        if (unsettled.length > 0) {
          this.pause(unsettled[0]!.subject);
          held.push(...unsettled);
          if (carried) held.push(carried);
          carried = undefined;
          // The open pull request still brings messages until it ends (at most its batch, within
          // its expiry): they are held too, kept alive from now on.
          feed.finish();
          this.keepAlive(held);
        }
      }
    } catch (err) {
      this.logger.error({ err, consumer: this.opts.durable }, 'consumer pull failed');
    }
    if (carried) held.push(carried);
    this.pulling = false;
    return held;
  }

  /** Extends the ack deadline of `held` (however it grows) until `recover` ends; a message already settled ignores it. */
  private keepAlive(held: JsMsg[]): void {
    if (this.keepingAlive) return;
    this.keepingAlive = setInterval(() => held.forEach((m) => m.working()), Math.max(100, Math.floor(this.opts.ackWaitMs / 3)));
  }

  private stopKeepingAlive(): void {
    clearInterval(this.keepingAlive);
    this.keepingAlive = undefined;
  }

  private async settleSafely(round: JsMsg[]): Promise<JsMsg[]> {
    try {
      return await this.opts.settle(round);
    } catch (err) {
      // settle() settles every message itself; reaching here is a bug, and JetStream
      // redelivers what was not acked after the ack wait, so keep consuming.
      this.logger.error({ err, consumer: this.opts.durable, subject: round[0]!.subject, seq: round[0]!.seq }, 'consumer failed to settle a round');
      return [];
    }
  }

  /** Whether `next` joins the round `first` started, which holds `bytes` of data so far. */
  private joinsRound(first: JsMsg, bytes: number, next: JsMsg): boolean {
    return bytes + next.data.length <= (this.opts.roundBytes ?? Infinity) && this.opts.joins(first, next);
  }

  /** The longest prefix of `held` that forms one round. */
  private roundAt(held: readonly JsMsg[]): JsMsg[] {
    const first = held[0]!;
    const limit = this.opts.roundLimit(first);
    let n = 1;
    let bytes = first.data.length;
    while (n < held.length && n < limit && this.joinsRound(first, bytes, held[n]!)) bytes += held[n++]!.data.length;
    return held.slice(0, n);
  }

  private pause(subject: string): void {
    if (!this.paused) this.logger.warn({ consumer: this.opts.durable, subject }, 'consumer paused: a dependency is unavailable');
    this.paused = true;
  }

  /**
   * Keeps the held messages un-acked and alive while probing with backoff; when the probe
   * passes, settles them in order, round by round. Messages left unsettled again mean another
   * round of probing.
   */
  private async recover(held: JsMsg[]): Promise<void> {
    // The round in flight stays in `held` until settled.
    this.keepAlive(held);
    let probes = 0;
    try {
      while (held.length > 0 && !this.stopping) {
        await this.sleepUnlessStopped(backoffDelay(++probes, this.opts.outageBackoff ?? DEFAULT_OUTAGE_BACKOFF));
        if (this.stopping || !(await this.opts.probe())) continue;
        while (held.length > 0 && !this.stopping) {
          const round = this.roundAt(held);
          const unsettled = await this.settleSafely(round);
          held.splice(0, round.length, ...unsettled);
          if (unsettled.length > 0) break;
          probes = 0;
        }
      }
    } finally {
      this.stopKeepingAlive();
    }
    if (this.stopping) {
      for (const msg of held) msg.nak();
      return;
    }
    this.paused = false;
    this.logger.info({ consumer: this.opts.durable }, 'consumer resumed');
  }

  private async resumePull(): Promise<PullFeed | undefined> {
    let attempts = 0;
    while (!this.stopping) {
      try {
        return await this.pull();
      } catch (err) {
        this.logger.warn({ err, consumer: this.opts.durable }, 'consumer could not resume pulling, will retry');
        this.paused = true;
        await this.sleepUnlessStopped(backoffDelay(++attempts, this.opts.outageBackoff ?? DEFAULT_OUTAGE_BACKOFF));
      }
    }
    this.paused = false;
    return undefined;
  }

  private sleepUnlessStopped(ms: number): Promise<void> {
    const wait = wakeableWait(ms);
    this.wakeProbe = wait.wake;
    return wait.done;
  }
}
