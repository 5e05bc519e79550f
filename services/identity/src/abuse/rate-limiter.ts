import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { rateLimitedError, schemaOf } from '#libs/contracts';

export interface Limit {
  /** What is counted, e.g. `login:ip` with the address as subject. */
  bucket: string;
  subject: string;
  max: number;
  windowSeconds: number;
}

const TABLE = `"${schemaOf('identity')}"."rate_limits"`;

/**
 * Fixed-window counters in identity's database, so the limits hold across every replica
 * (one atomic upsert per hit). Subjects are stored hashed: the table never holds emails
 * or addresses in the clear.
 */
@Injectable()
export class RateLimiter {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  private key(limit: Limit): string {
    return `${limit.bucket}:${createHash('sha256').update(limit.subject).digest('base64url')}`;
  }

  /** Counts a hit; throws a 429 (with the wait) once the window holds more than `max`. */
  async hit(limit: Limit): Promise<void> {
    const [row] = await this.orm.em.fork().execute<{ hits: number; retry_after: number }[]>(
      `insert into ${TABLE} as r ("key", "hits", "window_ends_at")
       values (?, 1, now() + make_interval(secs => ?))
       on conflict ("key") do update set
         "hits" = case when r."window_ends_at" <= now() then 1 else r."hits" + 1 end,
         "window_ends_at" = case when r."window_ends_at" <= now() then excluded."window_ends_at" else r."window_ends_at" end
       returning "hits", extract(epoch from ("window_ends_at" - now()))::float8 as "retry_after"`,
      [this.key(limit), limit.windowSeconds],
    );
    if (row && row.hits > limit.max) throw rateLimitedError(row.retry_after);
  }

  /**
   * Takes one of the window's `max` slots before the attempt runs, atomically, and returns
   * how many are taken; with none left it throws a 429 and counts nothing. However many
   * attempts arrive at once, at most `max` run (and are recorded) per window.
   */
  async take(limit: Limit): Promise<number> {
    const em = this.orm.em.fork();
    const [row] = await em.execute<{ hits: number }[]>(
      `insert into ${TABLE} as r ("key", "hits", "window_ends_at")
       values (?, 1, now() + make_interval(secs => ?))
       on conflict ("key") do update set
         "hits" = case when r."window_ends_at" <= now() then 1 else r."hits" + 1 end,
         "window_ends_at" = case when r."window_ends_at" <= now() then excluded."window_ends_at" else r."window_ends_at" end
       where r."window_ends_at" <= now() or r."hits" < ?
       returning "hits"`,
      [this.key(limit), limit.windowSeconds, limit.max],
    );
    if (row) return row.hits;
    const [full] = await em.execute<{ retry_after: number }[]>(
      `select extract(epoch from ("window_ends_at" - now()))::float8 as "retry_after" from ${TABLE} where "key" = ?`,
      [this.key(limit)],
    );
    throw rateLimitedError(full?.retry_after ?? limit.windowSeconds);
  }

  async reset(limit: Limit): Promise<void> {
    await this.orm.em.fork().execute(`delete from ${TABLE} where "key" = ?`, [this.key(limit)]);
  }

  /** Drops windows that ended (called by the periodic sweeper). */
  async prune(): Promise<void> {
    await this.orm.em.fork().execute(`delete from ${TABLE} where "window_ends_at" < now() - interval '1 minute'`);
  }
}
