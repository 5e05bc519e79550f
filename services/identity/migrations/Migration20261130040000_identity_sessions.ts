import { Migration } from '@mikro-orm/migrations';

/**
 * A row per sign-in session (refresh-token family) that refresh and revocation both lock;
 * existing families get theirs, ended when none of their tokens is live.
 */
export class Migration20261130040000IdentitySessions extends Migration {
  override up(): void {
    this.addSql(`create table "sessions" (
      "id" uuid not null primary key,
      "user_id" uuid not null references "users" ("id") deferrable initially deferred,
      "created_at" timestamptz not null,
      "revoked_at" timestamptz null)`);
    this.addSql(`create index "sessions_user_idx" on "sessions" ("user_id") where "revoked_at" is null`);
    this.addSql(`insert into "sessions" ("id", "user_id", "created_at", "revoked_at")
      select "family_id", min("user_id"::text)::uuid, min("created_at"),
             case when bool_or("revoked_at" is null) then null else max("revoked_at") end
      from "refresh_tokens" group by "family_id"`);
  }

  override down(): void {
    this.addSql('drop table if exists "sessions"');
  }
}
