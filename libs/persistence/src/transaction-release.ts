import { PostgresDriver, type DatabaseConnection } from 'kysely';

let installed = false;

/**
 * Kysely 0.29 leaks the pooled connection when BEGIN or ROLLBACK itself fails (kysely-org/kysely
 * #1990): the transaction object is never created or never released. During a database outage
 * that happens on every retry, and the pool runs dry for good. This returns the connection to
 * `pg`'s pool on those failures (the pool discards it when it is broken). COMMIT failures are
 * left alone: MikroORM rolls back after them, which releases or lands here.
 */
export function releaseConnectionsOnFailedTransactionCommands(): void {
  if (installed) return;
  installed = true;
  const proto = PostgresDriver.prototype as unknown as Record<'beginTransaction' | 'rollbackTransaction', (c: DatabaseConnection, ...rest: unknown[]) => Promise<void>> & {
    releaseConnection(c: DatabaseConnection): Promise<void>;
  };
  for (const method of ['beginTransaction', 'rollbackTransaction'] as const) {
    const original = proto[method];
    proto[method] = async function (this: typeof proto, connection: DatabaseConnection, ...rest: unknown[]) {
      try {
        await original.call(this, connection, ...rest);
      } catch (err) {
        await this.releaseConnection(connection).catch(() => undefined);
        throw err;
      }
    };
  }
}

releaseConnectionsOnFailedTransactionCommands();
