import { createHash } from 'node:crypto';
import type { Terms } from '#libs/contracts';

/**
 * Canonical JSON: object keys sorted (by code point) at every depth, no whitespace, `undefined`
 * members dropped, arrays kept in order. Two equal terms always serialize to the same bytes,
 * whatever order their fields arrived in, so the contract's hash can be recomputed by anyone.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for non-finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) of the terms' canonical JSON: what a frozen contract is identified by. */
export function termsHash(terms: Terms): string {
  return createHash('sha256').update(canonicalJson(terms), 'utf8').digest('hex');
}
