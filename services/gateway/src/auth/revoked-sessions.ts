/**
 * Sign-in sessions ended before their access tokens expire (logout, a replayed refresh
 * token, a role or membership change), as announced by identity. An entry is kept for
 * `retainMs` — longer than any access token lives — and then forgotten.
 */
export class RevokedSessions {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly retainMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  revoke(sessionIds: readonly string[], atMs: number) {
    this.prune();
    for (const id of sessionIds) this.until.set(id, Math.max(this.until.get(id) ?? 0, atMs + this.retainMs));
  }

  isRevoked(sessionId: string): boolean {
    const until = this.until.get(sessionId);
    return until !== undefined && until > this.now();
  }

  get size() {
    return this.until.size;
  }

  private prune() {
    const now = this.now();
    for (const [id, until] of this.until) if (until <= now) this.until.delete(id);
  }
}
