import { Migration } from '@mikro-orm/migrations';

/**
 * Announces every profile that exists once (`roster.evt.profile.changed.v1`, as
 * `flushAndAnnounce` in profiles.service.ts writes it), so services that keep a copy of
 * profiles (metrics: marketplace visibility and discovery) learn of creators whose profile
 * last changed before roster published these events. Each carries the profile's current
 * version: consumers apply it in order, so a later change is never overtaken. On a new
 * database there is no profile yet and this adds nothing.
 */
export class Migration20261130050000AnnounceProfiles extends Migration {
  override up(): void {
    this.addSql(`insert into "outbox" ("id", "subject", "envelope", "trace_carrier", "occurred_at", "published_at", "attempts", "last_error", "parked_at", "parked_reason")
      select p."event_id", 'roster.evt.profile.changed.v1',
             jsonb_build_object(
               'id', p."event_id", 'type', 'profile.changed', 'version', 1, 'occurredAt', p."at", 'producer', 'roster',
               'aggregateId', p."creator_id"::text, 'aggregateVersion', p."version", 'correlationId', null, 'causationId', null,
               'payload', jsonb_build_object(
                 'creatorId', p."creator_id", 'version', p."version", 'handle', p."handle", 'displayName', p."name",
                 'categories', p."categories", 'regions', p."regions", 'marketplaceVisible', p."marketplace_visible",
                 'changedAt', to_char(p."updated_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
             '{}'::jsonb, now(), null, 0, null, null, null
        from (select gen_random_uuid() as "event_id", to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "at", c.*
                from "creator_profiles" c) p`);
  }

  override down(): void {
    // Announcements cannot be taken back; consumers already hold what they said.
  }
}
