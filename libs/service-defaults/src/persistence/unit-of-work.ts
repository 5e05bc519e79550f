import { Inject, Injectable } from '@nestjs/common';
import { OptimisticLockError } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '#libs/contracts';
import { OutboxRelay } from '#libs/messaging';
import { claimCommand, type CommandContext } from '../commands/command-context.js';
import { PROCESSED_COMMANDS_TABLE } from '../commands/processed-commands.js';

type Outcome<T> = { replayed: boolean; value: T };

/**
 * One transaction per command: state changes, audit entries and outbox events commit
 * together; the relay is woken right after commit so events leave at once (grant
 * revocations have a 1 s budget end to end). `startService` provides it globally to every
 * service with persistence.
 *
 * When the caller named the command with an idempotency key (the gateway forwards the
 * client's `Idempotency-Key`), the first unit of work of that command records its result
 * under the key in the same transaction as its effect. A retry — say after the reply missed
 * the gateway's deadline — gets that result back and changes nothing. A duplicate arriving
 * while the first still runs waits on the key's row and then gets the first result too.
 * The result must therefore be plain JSON (what the handler replies), not entities.
 */
@Injectable()
export class UnitOfWork {
  private readonly table: string;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {
    this.table = `"${orm.config.get('schema')}"."${PROCESSED_COMMANDS_TABLE}"`;
  }

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const command = claimCommand();
    try {
      const outcome = await this.orm.em.fork().transactional(async (em): Promise<Outcome<T>> => {
        if (!command) return { replayed: false, value: await work(em) };
        const stored = await this.claim(em, command);
        if (stored) return { replayed: true, value: stored.result as T };
        const value = await work(em);
        await em.execute(
          `update ${this.table} set "result" = ?::jsonb where "subject" = ? and "principal_id" = ? and "idempotency_key" = ?`,
          [JSON.stringify(value ?? null), command.subject, command.principalId, command.key],
          'run',
        );
        return { replayed: false, value };
      });
      if (!outcome.replayed) this.relay.notify();
      return outcome.value;
    } catch (err) {
      if (err instanceof OptimisticLockError) {
        throw new AppError('conflict', 'Version conflict', 'Someone changed this at the same time; reload and retry');
      }
      throw err;
    }
  }

  /** A fresh EntityManager for reads (no transaction). */
  reader(): EntityManager {
    return this.orm.em.fork();
  }

  /**
   * Takes the key for this transaction, or returns what the command already produced. The
   * insert waits while another transaction holds the same key uncommitted, so of two
   * concurrent duplicates one runs and the other reads its committed result.
   */
  private async claim(em: EntityManager, command: CommandContext): Promise<{ result: unknown } | undefined> {
    const key = [command.subject, command.principalId, command.key];
    const inserted = await em.execute<{ claimed: number }[]>(
      `insert into ${this.table} ("subject", "principal_id", "idempotency_key", "request_hash") values (?, ?, ?, ?)
       on conflict do nothing returning 1 as "claimed"`,
      [...key, command.requestHash],
    );
    if (inserted.length > 0) return undefined;
    const [row] = await em.execute<{ request_hash: string; result: unknown }[]>(
      `select "request_hash", "result" from ${this.table} where "subject" = ? and "principal_id" = ? and "idempotency_key" = ?`,
      key,
    );
    if (!row) throw new AppError('conflict', 'Request in progress', 'A request with this idempotency key is still running; retry');
    if (row.request_hash !== command.requestHash) {
      throw new AppError('unprocessable', 'Idempotency key reused', 'This key was already used for a different request');
    }
    return { result: row.result };
  }
}
