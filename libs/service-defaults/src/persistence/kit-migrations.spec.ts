import { jest } from '@jest/globals';
import { Migration } from '@mikro-orm/migrations';
import { MESSAGING_ENTITIES, MessagingTablesMigration, MessagingTablesV2Migration } from '#libs/messaging';
import { openServiceOrm } from '#libs/persistence';
import { createTestDatabase, withPgClient, type TestDatabase } from '#libs/testing';
import { GrantCopy, GrantCopyMigration } from '../access/grant-copy.js';
import { ProcessedCommandsMigration } from '../commands/processed-commands.js';
import { migrationsWithKit, persistenceWithKit } from './kit-migrations.js';

jest.setTimeout(60_000);

class Notes extends Migration {
  override up(): void {
    this.addSql('create table "notes" ("id" uuid primary key)');
  }
}
class Later extends Migration {
  override up(): void {
    this.addSql('create table "later" ("id" uuid primary key)');
  }
}

const names = (list: { name: string }[]) => list.map((m) => m.name);

/** The names every service's schema recorded while each kept these migrations as files of its own. */
const DEPLOYED_KIT_NAMES = ['Migration20261123000000_messaging', 'Migration20261130000000_messaging_v2', 'Migration20261130010000_commands'];

describe('the kit\'s migrations, merged into a service\'s own', () => {
  it('adds the messaging and processed-commands migrations under their deployed names, by date stamp', () => {
    const own = [
      { name: 'Migration20261123010000_notes', class: Notes },
      { name: 'Migration20261204190000_later', class: Later },
    ];
    expect(names(migrationsWithKit({ entities: [], migrations: own }))).toEqual([
      'Migration20261123000000_messaging',
      'Migration20261123010000_notes',
      'Migration20261130000000_messaging_v2',
      'Migration20261130010000_commands',
      'Migration20261204190000_later',
    ]);
    expect(names(migrationsWithKit({ entities: [] }))).toEqual(DEPLOYED_KIT_NAMES);
  });

  it('adds the grant copy only for a service that keeps one, with its entity', () => {
    expect(names(migrationsWithKit({ entities: [], grantCopy: true }))).toEqual([...DEPLOYED_KIT_NAMES, 'Migration20261204180000_grant_copy']);
    expect(persistenceWithKit({ entities: [], grantCopy: true }).entities).toEqual([...MESSAGING_ENTITIES, GrantCopy]);
    expect(persistenceWithKit({ entities: [GrantCopy] }).entities).toEqual([...MESSAGING_ENTITIES, GrantCopy]);
  });

  it('lets a service migration of the same name that extends the kit\'s stand in for it, and refuses any other clash', () => {
    class MovesOldGrants extends GrantCopyMigration {}
    const merged = migrationsWithKit({ entities: [], grantCopy: true, migrations: [{ name: 'Migration20261204180000_grant_copy', class: MovesOldGrants }] });
    expect(merged.filter((m) => m.name === 'Migration20261204180000_grant_copy').map((m) => m.class)).toEqual([MovesOldGrants]);
    expect(() => migrationsWithKit({ entities: [], migrations: [{ name: 'Migration20261130010000_commands', class: Notes }] })).toThrow(
      /Migration20261130010000_commands is the kit's/,
    );
  });
});

describe('a schema migrated when each service kept the kit\'s migrations as files (real Postgres)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('is already up to date: the kit finds its migrations recorded and applies nothing again', async () => {
    class Messaging extends MessagingTablesMigration {}
    class MessagingV2 extends MessagingTablesV2Migration {}
    class Commands extends ProcessedCommandsMigration {}
    const own = [{ name: 'Migration20261130020000_notes', class: Notes }];
    const asDeployed = [
      { name: 'Migration20261123000000_messaging', class: Messaging },
      { name: 'Migration20261130000000_messaging_v2', class: MessagingV2 },
      { name: 'Migration20261130010000_commands', class: Commands },
      ...own,
    ];
    const open = async (migrations: typeof asDeployed) => {
      let applied: string[] = [];
      const orm = await openServiceOrm({ schema: 'deployed', clientUrl: db.url, entities: [...MESSAGING_ENTITIES], migrations, onMigrated: (names) => (applied = names) });
      await orm.close(true);
      return applied;
    };

    expect(await open(asDeployed)).toEqual(names(asDeployed));
    expect(await open(persistenceWithKit({ entities: [], migrations: own }).migrations)).toEqual([]);
    const recorded = await withPgClient(db.url, async (c) => (await c.query<{ name: string }>('select name from deployed.mikro_orm_migrations order by id')).rows);
    expect(names(recorded)).toEqual(names(asDeployed));
  });
});
