import { Migration } from '@mikro-orm/migrations';

/** Invitations: the only way into an organization other than creating it. One open invitation per organization and address. */
export class Migration20261130050000IdentityInvitations extends Migration {
  override up(): void {
    this.addSql(`create table "invitations" (
      "id" uuid not null primary key,
      "org_id" uuid not null references "organizations" ("id") deferrable initially deferred,
      "email" text not null,
      "role" text not null check ("role" in ('owner', 'admin', 'manager', 'viewer')),
      "status" text not null check ("status" in ('pending', 'accepted', 'declined', 'expired')),
      "invited_by" uuid not null references "users" ("id") deferrable initially deferred,
      "created_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "decided_at" timestamptz null)`);
    this.addSql(`create unique index "invitations_open_pair" on "invitations" ("org_id", "email") where "status" = 'pending'`);
    this.addSql(`create index "invitations_email_idx" on "invitations" ("email", "created_at" desc, "id" desc)`);
  }

  override down(): void {
    this.addSql('drop table if exists "invitations"');
  }
}
