import { AppError, SCOPES, type Scope } from '#libs/contracts';

/** Scopes in their canonical order, so equal sets compare and store alike. */
export function canonicalScopes(scopes: Iterable<Scope>): Scope[] {
  const set = new Set(scopes);
  return SCOPES.filter((s) => set.has(s));
}

export function sameScopes(a: readonly Scope[], b: readonly Scope[]): boolean {
  const ca = canonicalScopes(a);
  const cb = canonicalScopes(b);
  return ca.length === cb.length && ca.every((s, i) => s === cb[i]);
}

/**
 * A creator may grant less than was asked, never more: `requested` (if given) must be a
 * non-empty subset of `current`. Returns the resulting set in canonical order.
 */
export function narrowScopes(current: readonly Scope[], requested?: readonly Scope[]): Scope[] {
  if (requested === undefined) return canonicalScopes(current);
  if (requested.length === 0) {
    throw new AppError('validation', 'Invalid input', 'scopes cannot be empty', [{ path: 'scopes', message: 'Grant at least one scope' }]);
  }
  const allowed = new Set(current);
  const extra = requested.filter((s) => !allowed.has(s));
  if (extra.length) {
    throw new AppError('unprocessable', 'Scopes can only narrow', `not part of this grant: ${canonicalScopes(extra).join(', ')}`, [
      { path: 'scopes', message: `May only remove scopes; not granted before: ${canonicalScopes(extra).join(', ')}` },
    ]);
  }
  return canonicalScopes(requested);
}
