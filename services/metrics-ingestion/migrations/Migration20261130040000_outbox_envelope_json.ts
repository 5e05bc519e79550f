import { Migration } from '@mikro-orm/migrations';

/**
 * This outbox carries `observations.recorded` envelopes of about 512 KB, written once and read
 * once by the relay: as `json` they are stored as sent, where `jsonb` parsed and rebuilt each
 * one (about half the cost of the insert). Nothing here queries inside an envelope except with
 * `->`/`->>`, which `json` has too.
 */
export class Migration20261130040000OutboxEnvelopeJson extends Migration {
  override up(): void {
    this.addSql(`alter table "outbox" alter column "envelope" type json using "envelope"::json`);
  }

  override down(): void {
    this.addSql(`alter table "outbox" alter column "envelope" type jsonb using "envelope"::jsonb`);
  }
}
