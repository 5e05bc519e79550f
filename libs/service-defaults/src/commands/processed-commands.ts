import { Migration } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';

export const PROCESSED_COMMANDS_TABLE = 'processed_commands';

/**
 * The results of keyed commands (see UnitOfWork), in the service's own schema. Each service
 * lists it as `Migration20261130010000_commands`.
 */
export abstract class ProcessedCommandsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "${PROCESSED_COMMANDS_TABLE}" (
      "subject" text not null,
      "principal_id" text not null,
      "idempotency_key" text not null,
      "request_hash" text not null,
      "result" jsonb null,
      "processed_at" timestamptz not null default now(),
      primary key ("subject", "principal_id", "idempotency_key"))`);
    this.addSql(`create index "processed_commands_processed_at_idx" on "${PROCESSED_COMMANDS_TABLE}" ("processed_at")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "${PROCESSED_COMMANDS_TABLE}"`);
  }
}

/** Forgets command results older than the retention (a retry that late runs the command again). */
export async function pruneProcessedCommands(em: EntityManager, schema: string, retentionMs: number, now = new Date()): Promise<number> {
  const res = await em
    .fork()
    .execute(`delete from "${schema}"."${PROCESSED_COMMANDS_TABLE}" where "processed_at" < ?`, [new Date(now.getTime() - retentionMs)], 'run');
  return (res as { affectedRows?: number }).affectedRows ?? 0;
}
