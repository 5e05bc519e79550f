import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { INGESTION_INTAKE_STREAM, ingestBatchSchema, ingestionCommands, MAX_INGEST_BATCH, type ObservationKind } from '#libs/contracts';
import { backoffDelay, durableNameOf, publishDeadLetter } from '#libs/messaging';
import { ServiceMetrics, type Logger } from '#libs/observability';
import { LOGGER, NATS_CONNECTION } from '#libs/service-defaults';
import { IngestService, type IncomingBatch } from '../ingest/ingest.service.js';

const CONSUMER = 'metrics-ingestion';
const KIND_BY_SUBJECT = new Map<string, ObservationKind>(
  (Object.entries(ingestionCommands) as [ObservationKind, { subject: string }][]).map(([kind, c]) => [c.subject, kind]),
);
/** Most messages per round; their records are written together, at most MAX_INGEST_BATCH per transaction. */
const ROUND_MESSAGES = 100;
/** Messages the pull keeps buffered ahead of processing. */
const BUFFERED_MESSAGES = 50;
const RETRY = { baseMs: 500, maxMs: 30_000 };

/**
 * The connectors' door: a work-queue stream of its own (`metrics-ingestion.cmd.>`), read by
 * a durable pull consumer shared by every replica. Messages are pulled in rounds and written
 * together; each is acked only after the transaction holding its records commits. A message
 * that is not a batch at all is dead-lettered; bad records inside a good batch are logged and
 * skipped; a failed write is retried (never dropped), and idempotency by observationId makes
 * redelivery harmless.
 */
@Injectable()
export class IntakeConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly durable = durableNameOf(CONSUMER, INGESTION_INTAKE_STREAM);
  private readonly js: JetStreamClient;
  private loop?: Promise<void>;
  private messages?: ConsumerMessages;
  private stopping = false;
  private failures = 0;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
  ) {
    this.js = jetstream(nc);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureConsumer();
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.loop;
  }

  /** The intake stream (a work queue) is provisioned and was checked at start; the durable is ours to configure. */
  private async ensureConsumer(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const consumer = {
      durable_name: this.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(60_000),
      max_deliver: -1,
    };
    try {
      await jsm.consumers.info(INGESTION_INTAKE_STREAM, this.durable);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
      await jsm.consumers.add(INGESTION_INTAKE_STREAM, consumer).catch((addErr: unknown) => {
        if (!(addErr instanceof JetStreamApiError)) throw addErr;
      });
      return;
    }
    // The provisioner created it with the defaults; a round of large batches needs the longer deadline.
    await jsm.consumers.update(INGESTION_INTAKE_STREAM, this.durable, { ack_wait: consumer.ack_wait, max_deliver: consumer.max_deliver });
  }

  /**
   * One persistent pull (JetStream's `consume`), so a message is never lost in flight: a fetch
   * that misses heartbeats while the event loop is busy with a large round gives up, and
   * whatever the server had already sent to it waits out the ack deadline (a minute) before
   * coming back. A round is the first message to arrive plus those already buffered behind it,
   * so a lone snapshot goes through at once and a burst is written in large transactions.
   */
  private async run(): Promise<void> {
    const consumer = await this.js.consumers.get(INGESTION_INTAKE_STREAM, this.durable);
    while (!this.stopping) {
      try {
        this.messages = await consumer.consume({ max_messages: BUFFERED_MESSAGES });
        await this.drain(this.messages);
      } catch (err) {
        this.failures++;
        this.logger.warn({ err, failures: this.failures }, 'intake pull failed; retrying');
        await sleep(backoffDelay(this.failures, RETRY));
      }
    }
  }

  private async drain(pulled: ConsumerMessages): Promise<void> {
    const it = pulled[Symbol.asyncIterator]();
    let next = it.next();
    for (;;) {
      const first = await next;
      if (first.done) return;
      next = it.next();
      const messages = [first.value];
      while (messages.length < ROUND_MESSAGES) {
        const more = await Promise.race([next, nextMacrotask()]);
        if (!more) break;
        if (more.done) break;
        next = it.next();
        messages.push(more.value);
      }
      if (this.stopping) {
        for (const msg of messages) msg.nak();
        continue;
      }
      try {
        for (const round of roundsOf(messages)) await this.process(round);
        this.failures = 0;
      } catch (err) {
        // NATS or the database is away: unacked messages come back; pause before taking more.
        this.failures++;
        this.logger.warn({ err, failures: this.failures }, 'intake round failed; retrying');
        for (const msg of messages) if (!(msg as JsMsg & { didAck?: boolean }).didAck) msg.nak(backoffDelay(this.failures, RETRY));
        await sleep(backoffDelay(this.failures, RETRY));
      }
    }
  }

  private async process(messages: readonly JsMsg[]): Promise<void> {
    const batches: { msg: JsMsg; batch: IncomingBatch }[] = [];
    for (const msg of messages) {
      const kind = KIND_BY_SUBJECT.get(msg.subject);
      const json = kind ? safeJson(msg.data) : undefined;
      const batch = json === undefined ? undefined : ingestBatchSchema.safeParse(json);
      if (!kind || !batch || !batch.success) {
        const reason = !kind ? `no intake command on ${msg.subject}` : !batch ? 'body is not JSON' : `not a batch: ${batch.error?.issues[0]?.message ?? 'invalid'}`;
        try {
          await publishDeadLetter(this.js, msg, { stream: INGESTION_INTAKE_STREAM, consumer: CONSUMER }, reason);
        } catch (err) {
          // Not stored: the round fails and its messages come back un-acked, so nothing is lost.
          this.metrics.deadLetterPublishFailures.inc({ subject: msg.subject });
          this.logger.error({ err, subject: msg.subject, seq: msg.seq, reason }, 'dead-lettering an intake message failed; it stays un-acked and is retried');
          throw err;
        }
        msg.term();
        this.logger.warn({ subject: msg.subject, seq: msg.seq, reason }, 'intake message dead-lettered');
        continue;
      }
      batches.push({ msg, batch: { kind, records: batch.data.records } });
    }
    if (!batches.length) return;
    const results = await this.ingest.ingestAll(batches.map((b) => b.batch));
    batches.forEach(({ msg }, i) => {
      const result = results[i]!;
      if (result.rejected.length || result.flagged.length) {
        this.logger.warn(
          { seq: msg.seq, subject: msg.subject, rejected: result.rejected.slice(0, 20), flagged: result.flagged.slice(0, 20), rejectedCount: result.rejected.length },
          'intake batch had rejected or flagged records',
        );
      }
      msg.ack();
    });
  }
}

/** Groups messages so one transaction holds at most MAX_INGEST_BATCH records (and at least one message). */
function roundsOf(messages: JsMsg[]): JsMsg[][] {
  const rounds: JsMsg[][] = [];
  let current: JsMsg[] = [];
  let records = 0;
  for (const msg of messages) {
    // A cheap upper bound: every record has an observationId field.
    const size = countOccurrences(msg.data, 'observationId');
    if (current.length && records + size > MAX_INGEST_BATCH) {
      rounds.push(current);
      current = [];
      records = 0;
    }
    current.push(msg);
    records += size;
  }
  if (current.length) rounds.push(current);
  return rounds;
}

function countOccurrences(data: Uint8Array, word: string): number {
  const haystack = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let count = 0;
  for (let i = haystack.indexOf(word); i >= 0; i = haystack.indexOf(word, i + word.length)) count++;
  return count;
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Resolves after pending I/O callbacks have run: messages already received win a race with it. */
const nextMacrotask = () => new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)));
