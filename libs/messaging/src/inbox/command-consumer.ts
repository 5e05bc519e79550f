import { jetstream, type JsMsg } from '@nats-io/jetstream';
import type { BackendService, CommandContract, PayloadOf } from '#libs/contracts';
import { withMessagingSpan } from '#libs/observability';
import { silentLogger, type MessagingLogger } from '../events/logger.js';
import { intakeStreamOf } from '../events/streams.js';
import { durableNameOf } from './consumer-config.js';
import { messageSpan, recordFailure, roundSpan, type MessageOutcome } from './consumer-telemetry.js';
import { classifyFailure, type FailureKind } from './failure-kind.js';
import { databaseAndNatsAnswer, PulledConsumer, PullLoop, type DurableConsumerOptions } from './pull-loop.js';
import { RejectionPolicy } from './rejection-policy.js';

/** One command read from a service's intake, its payload valid against its contract. */
export interface Command<C extends CommandContract = CommandContract> {
  readonly contract: C;
  readonly payload: PayloadOf<C>;
  /** Its sequence in the intake stream, for logs. */
  readonly seq: number;
}

export interface CommandHandler<C extends CommandContract = CommandContract> {
  readonly contracts: readonly C[];
  /**
   * Applies commands, in stream order, and resolves once their effects committed; each message
   * is acked after that. Throw an `AppError` to refuse them (retried, then dead-lettered); a
   * failure of infrastructure pauses the consumer instead. The intake keeps no inbox: a command
   * whose ack was lost is applied again, so the effect must be idempotent.
   */
  apply(commands: Command<C>[]): Promise<void>;
  /** A command's share of `maxWeight`. */
  weigh(command: Command<C>): number;
  /** Most weight one `apply` call (one transaction) takes; a heavier command goes alone. */
  readonly maxWeight: number;
}

/** A handler for `contracts`, applied several waiting commands at a time (by default at most 100 per call). */
export function onCommands<C extends CommandContract>(
  contracts: readonly C[],
  apply: (commands: Command<C>[]) => Promise<void>,
  opts: { weigh?: (command: Command<C>) => number; maxWeight?: number } = {},
): CommandHandler<C> {
  return { contracts, apply, weigh: opts.weigh ?? (() => 1), maxWeight: opts.maxWeight ?? 100 };
}

/**
 * A service's handlers for its command intake: an injectable class, so handlers can use the
 * service's providers. `startService` resolves it (the definition's `commands`).
 */
export interface CommandHandlerSet {
  handlers(): CommandHandler<any>[];
}

/**
 * Defaults: 5 deliveries, retries 500 ms up to 30 s, ack wait 60 s (a round of large commands
 * needs room), 8 messages buffered, rounds of at most 100 messages and 1.5 MiB.
 */
export interface CommandConsumerOptions extends DurableConsumerOptions {
  /** The service whose intake (`<service>.cmd.>`, stream `<STREAM>_INTAKE`) this reads. */
  service: BackendService;
  handlers: readonly CommandHandler<any>[];
  /** Most messages in one round (their commands are then applied in parts of `maxWeight`). Default 100. */
  roundMessages?: number;
  /**
   * Most bytes of commands in one round (a larger command goes alone). Default 1.5 MiB, about one
   * transaction of the ingestion intake (5,000 records in connector batches of ~280 KB): a round
   * is held whole until its last part commits, so a round of several parts only holds more
   * messages without making a transaction larger. With the messages the pull buffers ahead it is
   * the consumer's high-water mark, and each message held costs about 1.5 times its size (the
   * client grows a buffer as it arrives): at 4 MiB rounds and 20 messages ahead an import held 34
   * messages (14 MiB) at once and peaked at 205 MiB resident; at 1.5 MiB and 8 ahead, 190.
   */
  roundBytes?: number;
}

const DEFAULT_ROUND_BYTES = 1.5 * 1024 * 1024;
/** Enough for the next round to be waiting when one commits, at the round's size in large commands. */
const DEFAULT_BUFFERED_MESSAGES = 8;

interface Pending {
  msg: JsMsg;
  command: Command;
}

type Decoded = { ok: true; command: Command } | { ok: false; reason: string };

/**
 * The work-queue consumer of a service's command intake: one durable (`<service>__<STREAM>_INTAKE`)
 * shared by every replica, read through the shared pull loop. A round (messages of one handler
 * already waiting) is applied in parts of at most the handler's `maxWeight`, each message acked
 * after the part holding it commits. A message that is not a valid command is dead-lettered at
 * once; a part the handler refuses is retried command by command, so a refused command is
 * retried and dead-lettered alone; an unavailable dependency pauses the loop with what it holds.
 */
export class CommandConsumer extends PulledConsumer {
  readonly stream: string;
  readonly durableName: string;
  readonly deadLetterTarget: { stream: string; consumer: string };
  private readonly bySubject = new Map<string, { contract: CommandContract; handler: CommandHandler<any> }>();
  private readonly rejections: RejectionPolicy;
  private readonly logger: MessagingLogger;
  protected readonly loop: PullLoop;

  constructor(private readonly opts: CommandConsumerOptions) {
    super();
    if (opts.handlers.length === 0) throw new Error(`the ${opts.service} intake has no handlers`);
    for (const handler of opts.handlers) {
      for (const contract of handler.contracts) {
        if (contract.service !== opts.service) throw new Error(`the ${opts.service} intake cannot take ${contract.subject}: commands go to their own service's intake`);
        if (this.bySubject.has(contract.subject)) throw new Error(`the ${opts.service} intake has two handlers for ${contract.subject}`);
        this.bySubject.set(contract.subject, { contract, handler });
      }
    }
    this.stream = intakeStreamOf(opts.service);
    this.durableName = durableNameOf(opts.service, this.stream);
    this.deadLetterTarget = { stream: this.stream, consumer: opts.service };
    this.logger = opts.logger ?? silentLogger;
    this.rejections = new RejectionPolicy({
      js: jetstream(opts.nc),
      target: this.deadLetterTarget,
      maxDeliver: opts.maxDeliver ?? 5,
      retry: opts.retry ?? { baseMs: 500, maxMs: 30_000 },
      logger: this.logger,
      onDeadLetterFailed: opts.onDeadLetterFailed,
    });
    const roundMessages = opts.roundMessages ?? 100;
    this.loop = new PullLoop({
      nc: opts.nc,
      stream: this.stream,
      durable: this.durableName,
      maxMessages: opts.maxMessages ?? DEFAULT_BUFFERED_MESSAGES,
      // A command delivered too often without being settled goes alone, so it cannot keep taking a round down with it.
      roundLimit: (first) => (this.rejections.overDelivered(first) ? 1 : roundMessages),
      roundBytes: opts.roundBytes ?? DEFAULT_ROUND_BYTES,
      joins: (first, next) => this.handlerOf(next) === this.handlerOf(first) && !this.rejections.overDelivered(next),
      settle: (round) => this.settle(round),
      probe: () => databaseAndNatsAnswer(opts.orm, opts.nc),
      ackWaitMs: opts.ackWaitMs ?? 60_000,
      outageBackoff: opts.outageBackoff,
      logger: this.logger,
    });
  }

  private handlerOf(msg: JsMsg): CommandHandler<any> | undefined {
    return this.bySubject.get(msg.subject)?.handler;
  }

  /**
   * Decodes the round a part at a time (same parts as `chunkBy` would cut), so at most one
   * part's commands are held decoded: a round of a hundred large batches decoded up front held
   * every record of it at once, and the process's memory grew with the round, not the part.
   */
  private async settle(round: JsMsg[]): Promise<JsMsg[]> {
    let handler: CommandHandler<any> | undefined;
    let part: Pending[] = [];
    let weight = 0;
    for (const [i, msg] of round.entries()) {
      const decoded = this.decode(msg);
      if (!decoded.ok) {
        this.report(msg, await this.rejections.deadLetter(msg, decoded.reason));
        continue;
      }
      handler ??= this.handlerOf(msg)!;
      const w = handler.weigh(decoded.command);
      if (part.length && weight + w > handler.maxWeight) {
        const left = await this.applyPart(handler, part);
        if (left.length) return [...left.map((p) => p.msg), ...round.slice(i)];
        part = [];
        weight = 0;
      }
      part.push({ msg, command: decoded.command });
      weight += w;
    }
    if (!handler || !part.length) return [];
    return (await this.applyPart(handler, part)).map((p) => p.msg);
  }

  /** Applies one part; returns what an unavailable dependency left unsettled. */
  private async applyPart(handler: CommandHandler<any>, part: Pending[]): Promise<Pending[]> {
    const failure = await this.apply(handler, part);
    if (!failure) {
      for (const { msg } of part) {
        msg.ack();
        this.report(msg, 'applied');
      }
      return [];
    }
    if (failure.kind === 'infrastructure') {
      for (const { msg } of part) this.report(msg, 'paused');
      return part;
    }
    if (part.length > 1) {
      this.logger.warn({ err: failure.error, consumer: this.durableName, commands: part.length }, 'command part refused; applying its commands one by one');
      for (const [i, one] of part.entries()) {
        const left = await this.applyPart(handler, [one]);
        if (left.length) return [...left, ...part.slice(i + 1)];
      }
      return [];
    }
    this.report(part[0]!.msg, await this.rejections.reject(part[0]!.msg, failure.error));
    return [];
  }

  private apply(handler: CommandHandler<any>, part: Pending[]): Promise<{ kind: FailureKind; error: Error } | undefined> {
    const msgs = part.map((p) => p.msg);
    const subjects = new Set(msgs.map((m) => m.subject));
    return withMessagingSpan(
      subjects.size === 1 ? msgs[0]!.subject : `${this.opts.service}.cmd.>`,
      'process',
      async (span) => {
        try {
          await handler.apply(part.map((p) => p.command));
          span.setAttribute('tp.messaging.outcome', 'applied');
          return undefined;
        } catch (err) {
          const error = err as Error;
          recordFailure(span, error);
          const kind = classifyFailure(err);
          if (kind === 'infrastructure') this.logger.warn({ err: error, consumer: this.durableName, commands: part.length }, 'command handler hit an unavailable dependency');
          return { kind, error };
        }
      },
      msgs.length === 1 ? messageSpan(msgs[0]!, this.durableName) : roundSpan(msgs, this.durableName),
    );
  }

  private decode(msg: JsMsg): Decoded {
    const entry = this.bySubject.get(msg.subject);
    if (!entry) return { ok: false, reason: `no handler for ${msg.subject}` };
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(msg.data));
    } catch {
      return { ok: false, reason: 'body is not JSON' };
    }
    const parsed = entry.contract.payload.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, reason: `invalid payload: ${issue ? `${issue.path.join('.') || '(body)'} ${issue.message}` : 'invalid'}` };
    }
    return { ok: true, command: { contract: entry.contract, payload: parsed.data, seq: msg.seq } };
  }

  private report(msg: JsMsg, outcome: MessageOutcome): void {
    this.opts.onSettled?.(msg.subject, outcome);
  }
}
