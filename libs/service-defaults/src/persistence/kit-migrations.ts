import { MESSAGING_ENTITIES, MessagingTablesMigration, MessagingTablesV2Migration } from '#libs/messaging';
import type { MigrationClass, ServiceOrmOptions } from '#libs/persistence';
import { GrantCopy, GrantCopyMigration } from '../access/grant-copy.js';
import { ProcessedCommandsMigration } from '../commands/processed-commands.js';

/** What a service declares about the schema it owns; the kit adds its own tables. */
export interface ServicePersistence {
  /** The service's own entities (the kit's are added). */
  entities: ServiceOrmOptions['entities'];
  /** The service's own checked-in migrations, oldest first, named by their file. */
  migrations?: ServiceOrmOptions['migrations'];
  /**
   * The shared grant copy, for a service that acts for creators: the kit adds its table's
   * migration and the `GrantCopy` entity.
   */
  grantCopy?: boolean;
  runtimePrivileges?: ServiceOrmOptions['runtimePrivileges'];
}

interface KitMigration {
  name: string;
  class: MigrationClass;
  /** What a service's own migration of the same name must extend to stand in for this one. */
  base: abstract new (...args: never[]) => object;
}

class MessagingTables extends MessagingTablesMigration {}
class MessagingTablesV2 extends MessagingTablesV2Migration {}
class ProcessedCommands extends ProcessedCommandsMigration {}
class GrantCopyTable extends GrantCopyMigration {}

/**
 * The kit's migrations, under the names each service recorded them by in `mikro_orm_migrations`
 * when it kept a copy of its own: a schema migrated then finds them applied and runs nothing
 * again. Every schema gets the messaging tables (outbox, inbox, projection versions: the relay
 * and consumers run for every service with persistence) and processed commands (the unit of
 * work's idempotency).
 */
const ALWAYS: readonly KitMigration[] = [
  { name: 'Migration20261123000000_messaging', class: MessagingTables, base: MessagingTablesMigration },
  { name: 'Migration20261130000000_messaging_v2', class: MessagingTablesV2, base: MessagingTablesV2Migration },
  { name: 'Migration20261130010000_commands', class: ProcessedCommands, base: ProcessedCommandsMigration },
];
const GRANT_COPY: KitMigration = { name: 'Migration20261204180000_grant_copy', class: GrantCopyTable, base: GrantCopyMigration };

function kitMigrationsOf(persistence: ServicePersistence): KitMigration[] {
  return [...ALWAYS, ...(persistence.grantCopy ? [GRANT_COPY] : [])];
}

/**
 * The service's migrations with the kit's merged in by their date stamps, so on a fresh schema
 * each runs where it always ran. A service migration with a kit migration's name stands in for
 * it when it extends it (a service that moved an older table of its own into the kit's, such as
 * its grants into the grant copy, did so in that migration); any other clash is a mistake.
 */
export function migrationsWithKit(persistence: ServicePersistence): ServiceOrmOptions['migrations'] {
  const own = persistence.migrations ?? [];
  const merged = [...own];
  for (const kit of kitMigrationsOf(persistence)) {
    const same = own.find((m) => m.name === kit.name);
    if (same) {
      if (same.class.prototype instanceof kit.base) continue;
      throw new Error(`migration ${kit.name} is the kit's: drop the service's own, or extend ${kit.base.name} to stand in for it`);
    }
    const later = merged.findIndex((m) => m.name > kit.name);
    merged.splice(later === -1 ? merged.length : later, 0, { name: kit.name, class: kit.class });
  }
  return merged;
}

/** The ORM options of a service's schema: its own entities and migrations with the kit's. */
export function persistenceWithKit(persistence: ServicePersistence): Pick<ServiceOrmOptions, 'entities' | 'migrations' | 'runtimePrivileges'> {
  const kitEntities = [...MESSAGING_ENTITIES, ...(persistence.grantCopy ? [GrantCopy] : [])];
  return {
    entities: [...new Set([...kitEntities, ...persistence.entities])],
    migrations: migrationsWithKit(persistence),
    runtimePrivileges: persistence.runtimePrivileges,
  };
}
