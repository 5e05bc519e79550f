import { Migration } from '@mikro-orm/migrations';

/**
 * The envelopes of this outbox (`observations.recorded`, up to about 512 KB each) are written
 * once as JSON text and read once by the relay as text (`envelope::text`): nothing queries
 * inside them. As `json` the server still parsed every byte to check it on insert, which was
 * most of the insert's cost (30 MB of envelopes: about 2.7 s as `json`, 0.1 s as `text`, same
 * machine and load). The relay sends the text as stored; consumers validate what they receive.
 */
export class Migration20261205100000OutboxEnvelopeText extends Migration {
  override up(): void {
    this.addSql(`alter table "outbox" alter column "envelope" type text using "envelope"::text`);
  }

  override down(): void {
    this.addSql(`alter table "outbox" alter column "envelope" type json using "envelope"::json`);
  }
}
