import { Injectable } from '@nestjs/common';
import { defineEntity, p } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GrantView } from '#libs/authz';
import { GRANT_STATUSES, grantEvents, type EventEnvelope, type GrantEventPayload, type Scope } from '#libs/contracts';
import { applyInOrder, onEvent, type EventHandler, type EventHandlerSet } from '#libs/messaging';
import { queryPrepared } from '#libs/persistence';

/** The grant copy's table, in the schema of each service that keeps one. */
export const GRANT_COPY_TABLE = 'grant_copies';
/** Its name in `projection_versions`: one applied grant version per grant. */
export const GRANT_COPY_PROJECTION = 'grant-copy';

/**
 * A service's own copy of one delegation grant, kept from identity's grant events (never written
 * by a request), so the service authorizes agency reads from data it holds, for a batch of
 * creators in one query. A copy can lag a revocation by the bus's delay: writes that must not
 * outrun one confirm the grant with identity as well.
 */
export const GrantCopySchema = defineEntity({
  name: 'GrantCopy',
  tableName: GRANT_COPY_TABLE,
  properties: {
    grantId: p.uuid().primary(),
    agencyId: p.uuid(),
    creatorId: p.uuid(),
    status: p.enum(GRANT_STATUSES),
    scopes: p.json<Scope[]>().columnType('jsonb'),
    expiresAt: p.datetime().columnType('timestamptz').strictNullable(),
    /** When identity made the change this row shows. */
    updatedAt: p.datetime().columnType('timestamptz'),
  },
});
export class GrantCopy extends GrantCopySchema.class {}
GrantCopySchema.setClass(GrantCopy);

/** Applies one of identity's grant events in grant-version order: a redelivered or overtaken event changes nothing. */
export function applyGrantEvent(em: EntityManager, event: EventEnvelope<GrantEventPayload>): Promise<boolean> {
  return applyInOrder(em, GRANT_COPY_PROJECTION, event, async () => {
    const g = event.payload;
    await em.upsert(GrantCopy, {
      grantId: g.grantId,
      agencyId: g.agencyId,
      creatorId: g.creatorId,
      status: g.status,
      scopes: g.scopes,
      expiresAt: g.expiresAt ? new Date(g.expiresAt) : null,
      updatedAt: new Date(g.at),
    });
  });
}

/** One handler per grant event, for a service that folds them into a consumer of its own. */
export function grantCopyHandlers(): EventHandler[] {
  return Object.values(grantEvents).map((contract) => onEvent(contract, (em, event) => applyGrantEvent(em, event as EventEnvelope<GrantEventPayload>).then(() => undefined)));
}

/** The grant copy as a consumer's handler set: `{ consumer: '<service>-grants', handlers: GrantCopyHandlers }`. */
@Injectable()
export class GrantCopyHandlers implements EventHandlerSet {
  handlers(): EventHandler[] {
    return grantCopyHandlers();
  }
}

/**
 * The active grants between `agencyId` and any of `creatorIds`, by creator, as the service's copy
 * holds them. Whether each is still in force at a given instant (its expiry) is the policy's
 * call (`#libs/authz`), not this query's.
 */
export async function grantsOf(em: EntityManager, agencyId: string, creatorIds: readonly string[]): Promise<Map<string, GrantView>> {
  if (creatorIds.length === 0) return new Map();
  // Plain rows, not entities: a roster page asks for hundreds of grants per call, and hydrating
  // them into the identity map cost more than the query; nothing here is written back.
  // Prepared: every authorization of an agency's read asks it, so its plan is kept, not made per request.
  const rows = await queryPrepared<GrantView>(
    em,
    `select "grant_id" as "id", "agency_id" as "agencyId", "creator_id" as "creatorId", "status", "scopes", "expires_at" as "expiresAt"
       from ${grantCopyTable(em)} where "agency_id" = ?::uuid and "creator_id" = any(?::uuid[]) and "status" = 'active'`,
    [agencyId, [...new Set(creatorIds)]],
  );
  return new Map(rows.map((g) => [g.creatorId, g]));
}

/** A row's grant, as `activeGrantJoin` selects it (all null without one). */
export interface JoinedGrant {
  grantId: string | null;
  grantStatus: GrantView['status'] | null;
  grantScopes: Scope[] | null;
  grantExpiresAt: Date | null;
}

/**
 * The agency's active grant copy joined onto rows of another table of the service's, for a read
 * that wants each row's grant from the same statement (one round trip where `grantsOf` beside it
 * is two). `creatorColumn` is the row's creator id column; the join's one parameter is the
 * agency id. Its columns are JoinedGrant's; `joinedGrant` makes them a GrantView.
 */
export function activeGrantJoin(em: EntityManager, creatorColumn: string): { join: string; columns: string } {
  return {
    // A lateral lookup behind `offset 0`, so each row's grant is one probe of the (agency, creator)
    // index: as a plain join, the generic plan of a prepared statement (which guesses ten rows for
    // `= any($n)`) joined a thousand rows to a thousand grants by a nested loop's filter, 140 ms.
    join: `left join lateral (select * from ${grantCopyTable(em)} g where g."agency_id" = ?::uuid and g."creator_id" = ${creatorColumn} and g."status" = 'active' offset 0) g on true`,
    columns: `g."grant_id" as "grantId", g."status" as "grantStatus", g."scopes" as "grantScopes", g."expires_at" as "grantExpiresAt"`,
  };
}

/** The grant of a row read with `activeGrantJoin`, null when it has none. */
export function joinedGrant(agencyId: string, creatorId: string, row: JoinedGrant): GrantView | null {
  if (row.grantId === null) return null;
  return { id: row.grantId, agencyId, creatorId, status: row.grantStatus!, scopes: row.grantScopes ?? [], expiresAt: row.grantExpiresAt };
}

/** The grant copy's table, schema-qualified as the ORM maps it, for statements written by hand. */
function grantCopyTable(em: EntityManager): string {
  const meta = em.getMetadata().find(GrantCopy)!;
  const schema = meta.schema ?? em.config.get('schema');
  return `${schema ? `"${schema}".` : ''}"${meta.tableName}"`;
}

/**
 * Creates the grant copy's table in the service's schema. A service that kept a grant table of
 * its own moves its rows with `moveRows` in the same migration, so no grant is forgotten and no
 * grant event needs replaying.
 */
export abstract class GrantCopyMigration extends Migration {
  override up(): void {
    this.addSql(`create table "${GRANT_COPY_TABLE}" (
      "grant_id" uuid not null primary key,
      "agency_id" uuid not null,
      "creator_id" uuid not null,
      "status" text not null,
      "scopes" jsonb not null,
      "expires_at" timestamptz null,
      "updated_at" timestamptz not null)`);
    this.addSql(`create index "grant_copies_pair_idx" on "${GRANT_COPY_TABLE}" ("agency_id", "creator_id")`);
  }

  /**
   * Copies an older grant table's rows (columns named as in `columns`; `updatedAt` may be an SQL
   * expression where the old table kept no time), carries its applied versions over to the
   * shared projection name, and drops the old table.
   */
  protected moveRows(from: { table: string; projection: string; columns: { grantId: string; updatedAt: string } }): void {
    this.addSql(`insert into "${GRANT_COPY_TABLE}" ("grant_id", "agency_id", "creator_id", "status", "scopes", "expires_at", "updated_at")
      select ${from.columns.grantId}, "agency_id", "creator_id", "status", "scopes", "expires_at", ${from.columns.updatedAt} from "${from.table}"`);
    this.addSql(`insert into "projection_versions" ("projection", "aggregate_id", "version", "updated_at")
      select '${GRANT_COPY_PROJECTION}', "aggregate_id", "version", "updated_at" from "projection_versions" where "projection" = '${from.projection}'
      on conflict ("projection", "aggregate_id") do nothing`);
    this.addSql(`delete from "projection_versions" where "projection" = '${from.projection}'`);
    this.addSql(`drop table "${from.table}"`);
  }

  override down(): void {
    this.addSql(`drop table if exists "${GRANT_COPY_TABLE}"`);
  }
}
