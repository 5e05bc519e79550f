import { Inject, Injectable } from '@nestjs/common';
import { OptimisticLockError } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '#libs/contracts';
import { OutboxRelay } from '#libs/messaging';
import { claimCommand, type CommandContext } from '../commands/command-context.js';
import { PROCESSED_COMMANDS_TABLE } from '../commands/processed-commands.js';
import { deriveResultSecret, keyedHash, open, seal } from '../commands/sealed-result.js';

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
 *
 * The row holds no usable secret (a sign-up's result is a session): it is found by a hash of
 * the key, the result is sealed (AES-256-GCM) with a secret derived from the raw key, and
 * the request fingerprint is keyed by that secret, so neither tokens nor a testable hash of
 * a password can be read from the table.
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
        const row = storedRow(command);
        const stored = await this.claim(em, row);
        if (stored) return { replayed: true, value: open<T>(row.secret, stored.sealed) };
        const value = await work(em);
        await em.execute(
          `update ${this.table} set "result" = to_jsonb(?::text) where "subject" = ? and "principal_id" = ? and "idempotency_key" = ?`,
          [seal(row.secret, value), ...row.key],
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
  private async claim(em: EntityManager, command: StoredRow): Promise<{ sealed: string } | undefined> {
    const { key } = command;
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
    // Claimed in a transaction that has not stored its result yet cannot be seen here (the
    // insert above waited for it), so a committed row always holds a sealed result.
    return { sealed: row.result as string };
  }
}

interface StoredRow {
  /** subject, principal, hash of the idempotency key: the row's primary key. */
  key: [string, string, string];
  requestHash: string;
  secret: Buffer;
}

const ROW_SECRET_INFO = 'talent-portal/processed-commands/v1';

function storedRow(command: CommandContext): StoredRow {
  const scope = `${command.subject}\n${command.principalId}`;
  const secret = deriveResultSecret(command.key, scope, ROW_SECRET_INFO);
  return {
    key: [command.subject, command.principalId, keyedHash(secret, 'row')],
    requestHash: keyedHash(secret, command.requestHash),
    secret,
  };
}
