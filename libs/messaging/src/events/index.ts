export { backoffDelay, type BackoffOptions } from './backoff.js';
export { buildEnvelope, copiedFromElsewhere, decodeEvent, InvalidEventError, untrustedOrigin, type DecodedEvent, type EventOrigin, type NewEvent } from './envelope.js';
export type { MessagingLogger } from './logger.js';
export {
  DEAD_LETTER_STREAM,
  DEFAULT_EVENT_RETENTION_HOURS,
  deadLetterSubject,
  deadLetterStreamSpec,
  ensureStreams,
  eventStreamSpec,
  eventSubjectsOf,
  intakeStreamOf,
  intakeStreamSpec,
  upsertStream,
  type EnsureStreamsOptions,
  type StreamSpec,
} from './streams.js';
export { MESSAGING_ENTITIES } from './entities.js';
export { OutboxMessage, OutboxMessageSchema } from '../outbox/outbox.entity.js';
export { enqueueEvent, enqueueLargeEvent } from '../outbox/outbox.js';
export { OutboxRelay, type OutboxRelayOptions, type RelayBatchResult } from '../outbox/outbox-relay.js';
export { InboxEntry, InboxEntrySchema } from '../inbox/inbox.entity.js';
export { recordInbox } from '../inbox/inbox.js';
export { classifyFailure, unavailableError, type FailureKind } from '../inbox/failure-kind.js';
export { DLQ_HEADERS, publishDeadLetter } from '../inbox/dead-letter.js';
export { durableNameOf } from '../inbox/consumer-config.js';
export type { MessageOutcome } from '../inbox/consumer-telemetry.js';
export type { DurableConsumer } from '../inbox/pull-loop.js';
export { onEvent, onEventBatch, type EventHandler, type EventHandlerSet } from '../inbox/event-handler.js';
export { EventConsumer, type EventConsumerOptions, type EventOutcome } from '../inbox/event-consumer.js';
export {
  CommandConsumer,
  onCommands,
  type Command,
  type CommandConsumerOptions,
  type CommandHandler,
  type CommandHandlerSet,
} from '../inbox/command-consumer.js';
export { pruneMessagingTables, type RetentionPolicy } from '../outbox/retention.js';
export { listParked, releaseParked, type ParkedRow, type ParkedQuery } from '../outbox/parked-outbox.js';
export { ProjectionVersion, ProjectionVersionSchema } from '../projections/projection-version.entity.js';
export { applyInOrder } from '../projections/apply-in-order.js';
export {
  listDeadLetters,
  replayDeadLetters,
  REPLAYED_FROM_HEADER,
  type DeadLetter,
  type DeadLetterQuery,
  type ReplayResult,
} from '../dead-letter/dead-letters.js';
export {
  ConsumerStateReader,
  readOutboxState,
  type ConsumerIdentity,
  type ConsumerState,
  type OutboxState,
} from '../operations/operational-state.js';
