import type { FieldChange, Terms } from '#libs/contracts';
import { canonicalJson } from './terms.canonical.js';

/**
 * The fields that differ between two terms versions, as dotted paths in terms order
 * (`price.amount`, `paymentTerms.netDays`, …). Objects are compared member by member; lists
 * (deliverables, milestones) are compared whole, because an item's position is not its identity.
 */
export function diffTerms(from: Terms, to: Terms): FieldChange[] {
  const changes: FieldChange[] = [];
  walk(from as unknown as Record<string, unknown>, to as unknown as Record<string, unknown>, '', changes);
  return changes;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function walk(a: Record<string, unknown>, b: Record<string, unknown>, prefix: string, out: FieldChange[]): void {
  const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
  for (const key of keys) {
    const path = prefix ? `${prefix}.${key}` : key;
    const x = a[key];
    const y = b[key];
    if (isPlainObject(x) && isPlainObject(y)) {
      walk(x, y, path, out);
    } else if (canonicalJson(x ?? null) !== canonicalJson(y ?? null)) {
      out.push({ field: path, from: x ?? null, to: y ?? null });
    }
  }
}

/** `a..b` as the versions route takes it (the contract has checked its shape). */
export function parseCompare(compare: string): { from: number; to: number } {
  const [from, to] = compare.split('..').map(Number) as [number, number];
  return { from, to };
}
