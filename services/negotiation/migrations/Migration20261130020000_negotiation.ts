import { Migration } from '@mikro-orm/migrations';

/**
 * Offers and their terms versions, frozen contracts, pending agency accepts, creators'
 * negotiation policies, message threads, submissions and reviews, the grant projection and
 * the append-only audit log. Runs with the search path set to the negotiation schema.
 */
export class Migration20261130020000Negotiation extends Migration {
  override up(): void {
    this.addSql(`create table "offers" (
      "id" uuid not null primary key,
      "campaign_id" uuid not null,
      "brand_id" uuid not null,
      "creator_id" uuid not null,
      "status" text not null check ("status" in ('awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation', 'accepted', 'declined', 'expired', 'withdrawn')),
      "work_status" text null check ("work_status" in ('active', 'content_submitted', 'revisions_requested', 'approved', 'completed')),
      "current_version" int not null check ("current_version" > 0),
      "current_author" text not null check ("current_author" in ('brand', 'creator')),
      "respond_by" timestamptz null,
      "closed_reason" text null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" int not null default 1)`);
    this.addSql(`create index "offers_creator_idx" on "offers" ("creator_id")`);

    this.addSql(`create table "terms_versions" (
      "id" uuid not null primary key,
      "offer_id" uuid not null references "offers" ("id") deferrable initially deferred,
      "number" int not null,
      "terms" jsonb not null,
      "author_side" text not null check ("author_side" in ('brand', 'creator')),
      "actor_user_id" uuid null,
      "on_behalf_of" uuid null,
      "grant_id" uuid null,
      "policy_version" int null,
      "comment" text null,
      "created_at" timestamptz not null,
      constraint "terms_versions_offer_number_unique" unique ("offer_id", "number"))`);

    this.addSql(`create table "contracts" (
      "id" uuid not null primary key,
      "offer_id" uuid not null references "offers" ("id") deferrable initially deferred,
      "terms_version" int not null,
      "terms" jsonb not null,
      "terms_hash" text not null check ("terms_hash" ~ '^[0-9a-f]{64}$'),
      "parties" jsonb not null,
      "policy_version" int null,
      "accepted_at" timestamptz not null,
      constraint "contracts_offer_unique" unique ("offer_id"))`);

    this.addSql(`create table "pending_accepts" (
      "offer_id" uuid not null primary key references "offers" ("id") deferrable initially deferred,
      "terms_version" int not null,
      "actor_user_id" uuid not null,
      "grant_id" uuid null,
      "policy_version" int not null,
      "created_at" timestamptz not null)`);

    this.addSql(`create table "negotiation_policies" (
      "creator_id" uuid not null primary key,
      "require_confirmation" boolean not null,
      "minimum_prices" jsonb not null,
      "updated_at" timestamptz not null,
      "version" int not null default 1)`);

    this.addSql(`create table "messages" (
      "id" uuid not null primary key,
      "offer_id" uuid not null references "offers" ("id") deferrable initially deferred,
      "seq" int not null,
      "side" text not null check ("side" in ('brand', 'creator')),
      "author_user_id" uuid not null,
      "on_behalf_of" uuid null,
      "grant_id" uuid null,
      "body" text not null,
      "created_at" timestamptz not null,
      constraint "messages_offer_seq_unique" unique ("offer_id", "seq"))`);

    this.addSql(`create table "submissions" (
      "id" uuid not null primary key,
      "offer_id" uuid not null references "offers" ("id") deferrable initially deferred,
      "deliverable" text not null,
      "round" int not null,
      "url" text not null,
      "caption" text not null,
      "notes" text null,
      "video_id" text null,
      "status" text not null check ("status" in ('pending_review', 'approved', 'changes_requested')),
      "submitted_by_user_id" uuid not null,
      "on_behalf_of" uuid null,
      "grant_id" uuid null,
      "submitted_at" timestamptz not null,
      "review_due_at" timestamptz not null,
      "decision" text null,
      "comments" text null,
      "deemed" boolean not null default false,
      "reviewer_user_id" uuid null,
      "reviewed_at" timestamptz null,
      constraint "submissions_round_unique" unique ("offer_id", "deliverable", "round"))`);
    // The deemed-approval sweep reads only drafts still waiting, oldest deadline first.
    this.addSql(`create index "submissions_review_due_idx" on "submissions" ("review_due_at") where "status" = 'pending_review'`);

    this.addSql(`create table "grants" (
      "id" uuid not null primary key,
      "agency_id" uuid not null,
      "creator_id" uuid not null,
      "status" text not null,
      "scopes" jsonb not null,
      "expires_at" timestamptz null,
      "updated_at" timestamptz not null)`);
    this.addSql(`create index "grants_pair_idx" on "grants" ("agency_id", "creator_id")`);

    this.addSql(`create table "audit_log" (
      "id" uuid not null primary key,
      "at" timestamptz not null,
      "offer_id" uuid not null,
      "action" text not null,
      "side" text null,
      "actor_user_id" uuid null,
      "on_behalf_of" uuid null,
      "grant_id" uuid null,
      "policy_version" int null,
      "trace_id" text null,
      "details" jsonb not null default '{}')`);
    this.addSql(`create index "audit_log_offer_idx" on "audit_log" ("offer_id", "at", "id")`);
    // Contracts and the audit log are records: the database refuses to change them.
    this.addSql(`create function "refuse_change"() returns trigger language plpgsql as $$
      begin
        raise exception '% is immutable: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
      end
      $$`);
    for (const table of ['audit_log', 'contracts']) {
      this.addSql(`create trigger "${table}_no_change" before update or delete on "${table}" for each row execute function "refuse_change"()`);
      this.addSql(`create trigger "${table}_no_truncate" before truncate on "${table}" for each statement execute function "refuse_change"()`);
    }
  }

  override down(): void {
    for (const table of ['audit_log', 'grants', 'submissions', 'messages', 'negotiation_policies', 'pending_accepts', 'contracts', 'terms_versions', 'offers']) {
      this.addSql(`drop table if exists "${table}"`);
    }
    this.addSql('drop function if exists "refuse_change"()');
  }
}
