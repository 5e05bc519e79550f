import { Migration } from '@mikro-orm/migrations';

const OFFER_STATUSES = `'awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation', 'accepted', 'declined', 'expired', 'withdrawn', 'cancellation_requested', 'cancelled'`;
const OLD_OFFER_STATUSES = `'awaiting_response', 'changes_proposed', 'awaiting_creator_confirmation', 'accepted', 'declined', 'expired', 'withdrawn'`;

/**
 * Money after the handshake (issue 21): cancellation by agreement (two offer statuses, the side
 * that asked), payment schedules, contract signatures (records, like the contracts themselves)
 * and the copy of roster's commission versions that splits each payment.
 */
export class Migration20261220000000Money extends Migration {
  override up(): void {
    this.addSql(`alter table "offers" drop constraint if exists "offers_status_check"`);
    this.addSql(`alter table "offers" add constraint "offers_status_check" check ("status" in (${OFFER_STATUSES}))`);
    this.addSql(`alter table "offers" add column if not exists "cancellation_requested_by" text null check ("cancellation_requested_by" in ('brand', 'creator'))`);

    this.addSql(`create table "payments" (
      "id" uuid not null primary key,
      "offer_id" uuid not null references "offers" ("id") deferrable initially deferred,
      "contract_id" uuid not null references "contracts" ("id") deferrable initially deferred,
      "creator_id" uuid not null,
      "brand_id" uuid not null,
      "agency_id" uuid null,
      "seq" int not null,
      "kind" text not null check ("kind" in ('upfront', 'milestone', 'balance', 'settlement')),
      "name" text not null,
      "amount" jsonb not null,
      "trigger" text not null,
      "deliverable" text null,
      "net_days" int not null,
      "due_at" timestamptz null,
      "status" text not null check ("status" in ('scheduled', 'due', 'invoiced', 'paid', 'overdue', 'disputed', 'void')),
      "invoiced_at" timestamptz null,
      "invoice_reference" text null,
      "paid_at" timestamptz null,
      "paid_reference" text null,
      "dispute_side" text null,
      "dispute_reason" text null,
      "disputed_at" timestamptz null,
      "voided_at" timestamptz null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" int not null,
      unique ("offer_id", "seq")
    )`);
    // The overdue sweep reads only payments whose clock runs; statements read by creator and paid time.
    this.addSql(`create index "payments_overdue_idx" on "payments" ("due_at") where "status" in ('due', 'invoiced')`);
    this.addSql(`create index "payments_statement_idx" on "payments" ("creator_id", "paid_at") where "status" = 'paid'`);

    this.addSql(`create table "cancellations" (
      "id" uuid not null primary key,
      "offer_id" uuid not null references "offers" ("id") deferrable initially deferred,
      "status" text not null check ("status" in ('requested', 'accepted', 'declined')),
      "requested_side" text not null,
      "requested_by" jsonb not null,
      "reason" text not null,
      "requested_at" timestamptz not null,
      "answered_by" jsonb null,
      "answered_at" timestamptz null,
      "decline_reason" text null,
      "settlement" jsonb null
    )`);
    this.addSql(`create unique index "cancellations_one_open" on "cancellations" ("offer_id") where "status" = 'requested'`);

    this.addSql(`create table "contract_signatures" (
      "contract_id" uuid not null references "contracts" ("id") deferrable initially deferred,
      "party" text not null check ("party" in ('brand', 'creator')),
      "user_id" uuid not null,
      "name" text null,
      "grant_id" uuid null,
      "signed_at" timestamptz not null,
      primary key ("contract_id", "party")
    )`);
    this.addSql(`create trigger "contract_signatures_no_change" before update or delete on "contract_signatures" for each row execute function "refuse_change"()`);
    this.addSql(`create trigger "contract_signatures_no_truncate" before truncate on "contract_signatures" for each statement execute function "refuse_change"()`);

    this.addSql(`create table "commission_versions" (
      "agency_id" uuid not null,
      "creator_id" uuid not null,
      "version" int not null,
      "percent" double precision not null,
      "splits" jsonb not null,
      "valid_from" timestamptz not null,
      primary key ("agency_id", "creator_id", "version")
    )`);
  }

  override down(): void {
    for (const table of ['commission_versions', 'contract_signatures', 'cancellations', 'payments']) this.addSql(`drop table if exists "${table}" cascade`);
    this.addSql(`alter table "offers" drop column if exists "cancellation_requested_by"`);
    this.addSql(`alter table "offers" drop constraint if exists "offers_status_check"`);
    this.addSql(`alter table "offers" add constraint "offers_status_check" check ("status" in (${OLD_OFFER_STATUSES}))`);
  }
}
