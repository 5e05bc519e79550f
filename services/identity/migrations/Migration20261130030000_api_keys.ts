import { Migration } from '@mikro-orm/migrations';

/** API keys for data connectors: a hash of each secret, never the secret. */
export class Migration20261130030000ApiKeys extends Migration {
  override up(): void {
    this.addSql(`create table "api_keys" (
      "id" uuid not null primary key,
      "name" text not null,
      "scopes" jsonb not null,
      "secret_hash" text not null,
      "created_by" uuid not null,
      "created_at" timestamptz not null,
      "revoked_at" timestamptz null,
      "revoked_by" uuid null)`);
  }

  override down(): void {
    this.addSql('drop table if exists "api_keys"');
  }
}
