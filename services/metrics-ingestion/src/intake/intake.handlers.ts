import { Inject, Injectable } from '@nestjs/common';
import { ingestionCommands, MAX_INGEST_BATCH, type ObservationKind } from '#libs/contracts';
import { onCommands, type Command, type CommandHandler, type CommandHandlerSet } from '#libs/messaging';
import type { Logger } from '#libs/observability';
import { LOGGER } from '#libs/service-defaults';
import { IngestService } from '../ingest/ingest.service.js';

type IntakeCommand = (typeof ingestionCommands)[ObservationKind];

/**
 * Half of what one ingest request may carry (MAX_INGEST_BATCH): a transaction holds its records
 * decoded and their event text at once, and during an import that was the service's peak memory.
 */
export const INTAKE_RECORDS_PER_TRANSACTION = MAX_INGEST_BATCH / 2;

const KIND_BY_SUBJECT = new Map<string, ObservationKind>(
  (Object.entries(ingestionCommands) as [ObservationKind, IntakeCommand][]).map(([kind, c]) => [c.subject, kind]),
);

/**
 * The connectors' door: batches published to the intake stream (`metrics-ingestion.cmd.>`) are
 * stored several at a time, at most INTAKE_RECORDS_PER_TRANSACTION records per transaction, and each message
 * is acked once the transaction holding its records committed (the kit's command consumer).
 * Bad records inside a good batch are logged and skipped, never the batch; idempotency by
 * observationId makes a redelivery harmless.
 */
@Injectable()
export class IntakeHandlers implements CommandHandlerSet {
  constructor(
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  handlers(): CommandHandler<IntakeCommand>[] {
    return [onCommands(Object.values(ingestionCommands), (commands) => this.store(commands), { weigh: (c) => c.payload.records.length, maxWeight: INTAKE_RECORDS_PER_TRANSACTION })];
  }

  private async store(commands: Command<IntakeCommand>[]): Promise<void> {
    const results = await this.ingest.ingestAll(commands.map((c) => ({ kind: KIND_BY_SUBJECT.get(c.contract.subject)!, records: c.payload.records })));
    results.forEach((result, i) => {
      if (!result.rejected.length && !result.flagged.length) return;
      const { seq, contract } = commands[i]!;
      this.logger.warn(
        { seq, subject: contract.subject, rejected: result.rejected.slice(0, 20), flagged: result.flagged.slice(0, 20), rejectedCount: result.rejected.length },
        'intake batch had rejected or flagged records',
      );
    });
  }
}
