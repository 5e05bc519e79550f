import { Inject, Injectable } from '@nestjs/common';
import { OptimisticLockError } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '#libs/contracts';
import { OutboxRelay } from '#libs/messaging';

/**
 * One transaction per command: state changes, audit entries and outbox events commit
 * together; the relay is woken right after commit so events leave at once (grant
 * revocations have a 1 s budget end to end). `startService` provides it globally to every
 * service with persistence.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      const result = await this.orm.em.fork().transactional(work);
      this.relay.notify();
      return result;
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
}
