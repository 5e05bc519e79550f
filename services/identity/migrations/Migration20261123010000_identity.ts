import { Migration } from '@mikro-orm/migrations';

/**
 * Accounts, organizations, sessions, signing keys, delegation grants, the audit log and
 * the rate-limit counters. Runs with the search path set to the identity schema. Foreign
 * keys are checked at commit (the ORM does not order inserts of unrelated entities).
 */
export class Migration20261123010000Identity extends Migration {
  override up(): void {
    this.addSql(`create table "users" (
      "id" uuid not null primary key,
      "email" text not null,
      "name" text not null,
      "kind" text not null check ("kind" in ('creator', 'manager', 'brand')),
      "handle" text null,
      "password_hash" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "users_email_unique" unique ("email"),
      constraint "users_handle_unique" unique ("handle"),
      constraint "users_handle_iff_creator" check (("kind" = 'creator') = ("handle" is not null)))`);

    this.addSql(`create table "organizations" (
      "id" uuid not null primary key,
      "name" text not null,
      "kind" text not null check ("kind" in ('agency', 'brand')),
      "created_at" timestamptz not null)`);

    this.addSql(`create table "members" (
      "user_id" uuid not null primary key references "users" ("id") deferrable initially deferred,
      "org_id" uuid not null references "organizations" ("id") deferrable initially deferred,
      "role" text not null check ("role" in ('owner', 'admin', 'manager', 'viewer')),
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null)`);
    this.addSql(`create index "members_org_idx" on "members" ("org_id", "created_at", "user_id")`);

    this.addSql(`create table "refresh_tokens" (
      "id" uuid not null primary key,
      "user_id" uuid not null references "users" ("id") deferrable initially deferred,
      "family_id" uuid not null,
      "token_hash" text not null,
      "created_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "used_at" timestamptz null,
      "revoked_at" timestamptz null,
      "replaced_by" uuid null,
      constraint "refresh_tokens_hash_unique" unique ("token_hash"))`);
    this.addSql(`create index "refresh_tokens_family_idx" on "refresh_tokens" ("family_id")`);

    this.addSql(`create table "signing_keys" (
      "kid" text not null primary key,
      "private_jwk" jsonb not null,
      "public_jwk" jsonb not null,
      "created_at" timestamptz not null)`);

    this.addSql(`create table "delegation_grants" (
      "id" uuid not null primary key,
      "agency_id" uuid not null references "organizations" ("id") deferrable initially deferred,
      "creator_id" uuid not null references "users" ("id") deferrable initially deferred,
      "requested_by" uuid not null references "users" ("id") deferrable initially deferred,
      "status" text not null check ("status" in ('pending', 'active', 'declined', 'revoked', 'expired')),
      "scopes" jsonb not null,
      "requested_scopes" jsonb not null,
      "expires_at" timestamptz null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "decided_at" timestamptz null,
      "ended_at" timestamptz null,
      "ended_by" uuid null,
      "version" int not null default 1)`);
    // One open grant per creator–agency pair; ended ones stay as history.
    this.addSql(`create unique index "delegation_grants_open_pair" on "delegation_grants" ("agency_id", "creator_id") where "status" in ('pending', 'active')`);
    this.addSql(`create index "delegation_grants_creator_idx" on "delegation_grants" ("creator_id", "created_at" desc, "id" desc)`);
    this.addSql(`create index "delegation_grants_agency_idx" on "delegation_grants" ("agency_id", "created_at" desc, "id" desc)`);
    this.addSql(`create index "delegation_grants_expiring_idx" on "delegation_grants" ("expires_at") where "status" in ('pending', 'active') and "expires_at" is not null`);

    this.addSql(`create table "audit_log" (
      "id" uuid not null primary key,
      "at" timestamptz not null,
      "action" text not null,
      "actor_user_id" uuid null,
      "actor_org_id" uuid null,
      "org_id" uuid null,
      "on_behalf_of" uuid null,
      "grant_id" uuid null,
      "target_type" text not null,
      "target_id" text not null,
      "trace_id" text null,
      "details" jsonb not null default '{}')`);
    this.addSql(`create index "audit_log_creator_idx" on "audit_log" ("on_behalf_of", "at" desc, "id" desc)`);
    this.addSql(`create index "audit_log_org_idx" on "audit_log" ("org_id", "at" desc, "id" desc)`);
    // Append-only, enforced by the database too: no UPDATE, DELETE or TRUNCATE.
    this.addSql(`create function "audit_log_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end
      $$`);
    this.addSql(`create trigger "audit_log_no_change" before update or delete on "audit_log" for each row execute function "audit_log_append_only"()`);
    this.addSql(`create trigger "audit_log_no_truncate" before truncate on "audit_log" for each statement execute function "audit_log_append_only"()`);

    // Fixed-window counters shared by every replica (login and signup limits).
    this.addSql(`create table "rate_limits" (
      "key" text not null primary key,
      "hits" int not null,
      "window_ends_at" timestamptz not null)`);
  }

  override down(): void {
    this.addSql('drop table if exists "rate_limits"');
    this.addSql('drop table if exists "audit_log"');
    this.addSql('drop function if exists "audit_log_append_only"()');
    this.addSql('drop table if exists "delegation_grants"');
    this.addSql('drop table if exists "signing_keys"');
    this.addSql('drop table if exists "refresh_tokens"');
    this.addSql('drop table if exists "members"');
    this.addSql('drop table if exists "organizations"');
    this.addSql('drop table if exists "users"');
  }
}
