import { Migration } from '@mikro-orm/migrations';

/** Invitations to addresses without an account: each mailed once, and told in the portal once the address signs up. */
export class Migration20261206000000InvitationMails extends Migration {
  override up(): void {
    this.addSql(`create table "invitation_mails" (
      "invitation_id" uuid not null primary key,
      "email" text not null,
      "org_name" text not null,
      "org_kind" text null,
      "role" text not null,
      "invited_by" uuid not null,
      "expires_at" timestamptz not null,
      "created_at" timestamptz not null,
      "sent_at" timestamptz null)`);
    this.addSql(`create index "invitation_mails_waiting_idx" on "invitation_mails" ("created_at") where "sent_at" is null`);
    this.addSql(`create index "invitation_mails_email_idx" on "invitation_mails" ("email")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "invitation_mails"`);
  }
}
