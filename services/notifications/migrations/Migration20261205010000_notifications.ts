import { Migration } from '@mikro-orm/migrations';

/**
 * People to address (from identity's user and member events), who manages which creator (from
 * roster), offers' names and deadlines (from negotiation), the notifications themselves with
 * their e-mail state, and each user's e-mail preferences.
 */
export class Migration20261205010000Notifications extends Migration {
  override up(): void {
    this.addSql(`create table "people" (
      "user_id" uuid not null primary key,
      "name" text not null,
      "email" text null,
      "kind" text null,
      "org_id" uuid null,
      "org_kind" text null,
      "org_name" text null,
      "role" text null,
      "member_changed_at" timestamptz null,
      "unsubscribe_token" text not null,
      "updated_at" timestamptz not null)`);
    this.addSql(`create index "people_org_idx" on "people" ("org_id", "role")`);
    this.addSql(`create index "people_email_idx" on "people" ("email")`);
    this.addSql(`create unique index "people_unsubscribe_idx" on "people" ("unsubscribe_token")`);
    this.addSql(`create table "assignments" (
      "grant_id" uuid not null primary key,
      "agency_id" uuid not null,
      "creator_id" uuid not null,
      "assignee_ids" jsonb not null,
      "changed_at" timestamptz not null)`);
    this.addSql(`create index "assignments_pair_idx" on "assignments" ("agency_id", "creator_id")`);
    this.addSql(`create table "offer_names" (
      "offer_id" uuid not null primary key,
      "campaign_name" text not null,
      "brand_name" text not null)`);
    this.addSql(`create table "deadlines" (
      "id" text not null primary key,
      "kind" text not null,
      "offer_id" uuid not null,
      "creator_id" uuid not null,
      "brand_id" uuid not null,
      "subject_id" uuid not null,
      "due_at" timestamptz not null,
      "notify_at" timestamptz not null,
      "settled_at" timestamptz null)`);
    this.addSql(`create index "deadlines_due_idx" on "deadlines" ("notify_at") where "settled_at" is null`);
    this.addSql(`create table "notifications" (
      "id" uuid not null primary key,
      "user_id" uuid not null,
      "kind" text not null,
      "title" text not null,
      "body" text not null,
      "link" text not null,
      "audience" text not null,
      "org_id" uuid null,
      "creator_id" uuid null,
      "dedupe_key" text not null,
      "created_at" timestamptz not null,
      "read_at" timestamptz null,
      "email" text not null,
      "emailed_at" timestamptz null,
      constraint "notifications_once_per_user" unique ("user_id", "dedupe_key"))`);
    this.addSql(`create index "notifications_user_idx" on "notifications" ("user_id", "created_at" desc, "id" desc)`);
    this.addSql(`create index "notifications_unread_idx" on "notifications" ("user_id") where "read_at" is null`);
    this.addSql(`create index "notifications_mail_idx" on "notifications" ("email", "created_at") where "email" in ('instant', 'digest')`);
    this.addSql(`create table "email_preferences" (
      "user_id" uuid not null,
      "kind" text not null,
      "mode" text not null,
      "updated_at" timestamptz not null,
      primary key ("user_id", "kind"))`);
  }

  override down(): void {
    for (const t of ['email_preferences', 'notifications', 'deadlines', 'offer_names', 'assignments', 'people']) this.addSql(`drop table if exists "${t}"`);
  }
}
