import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { schemaOf } from '#libs/contracts';
import { LOGGER, PeriodicTask } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';

const EVERY_MS = 60 * 60_000;
const BATCH = 1000;
const TABLE = `"${schemaOf('identity')}"."refresh_tokens"`;
const SESSIONS = `"${schemaOf('identity')}"."sessions"`;

/**
 * Deletes refresh tokens that can no longer matter: expired, in a family with no live token
 * left. A spent token of a live family is kept even when expired, so presenting it still
 * reveals the replay and revokes the family. A session whose tokens are all gone goes too.
 */
@Injectable()
export class RefreshTokenSweeper extends PeriodicTask {
  constructor(@Inject(MikroORM) orm: MikroORM, @Inject(LOGGER) logger: Logger) {
    super(
      'refresh-token pruning',
      EVERY_MS,
      async (active) => {
        let deleted: number;
        do {
          const res = await orm.em.fork().execute(
            `delete from ${TABLE} where "id" in (
               select t."id" from ${TABLE} t
               where t."expires_at" < now()
                 and not exists (select 1 from ${TABLE} l where l."family_id" = t."family_id" and l."expires_at" >= now() and l."revoked_at" is null)
               limit ${BATCH})`,
            [],
            'run',
          );
          deleted = (res as { affectedRows?: number }).affectedRows ?? 0;
        } while (deleted === BATCH && active());
        do {
          const res = await orm.em.fork().execute(
            `delete from ${SESSIONS} where "id" in (
               select s."id" from ${SESSIONS} s
               where s."created_at" < now() - interval '1 hour'
                 and not exists (select 1 from ${TABLE} t where t."family_id" = s."id")
               limit ${BATCH})`,
            [],
            'run',
          );
          deleted = (res as { affectedRows?: number }).affectedRows ?? 0;
        } while (deleted === BATCH && active());
      },
      logger,
    );
  }
}
