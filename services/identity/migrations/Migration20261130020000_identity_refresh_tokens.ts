import { Migration } from '@mikro-orm/migrations';

/** Sessions are ended per user (role and membership changes) and expired tokens are pruned: both need an index. */
export class Migration20261130020000IdentityRefreshTokens extends Migration {
  override up(): void {
    this.addSql(`create index "refresh_tokens_user_idx" on "refresh_tokens" ("user_id")`);
    this.addSql(`create index "refresh_tokens_expires_idx" on "refresh_tokens" ("expires_at")`);
  }

  override down(): void {
    this.addSql('drop index if exists "refresh_tokens_expires_idx"');
    this.addSql('drop index if exists "refresh_tokens_user_idx"');
  }
}
