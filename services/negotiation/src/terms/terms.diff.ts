import type { FieldChange, Terms } from '#libs/contracts';
import { canonicalJson } from './terms.canonical.js';

/**
 * The fields that differ between two terms versions, as paths in terms order (`price.amount`,
 * `paymentTerms.netDays`, `deliverables[1].dueAt`, …). Objects are compared member by member and
 * lists item by item at the same position (the order both sides see them in), so a counter that
 * moves one due date names that field; an item added or removed is named whole (`deliverables[2]`).
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
    } else if (Array.isArray(x) && Array.isArray(y)) {
      walkList(x, y, path, out);
    } else if (canonicalJson(x ?? null) !== canonicalJson(y ?? null)) {
      out.push({ field: path, from: x ?? null, to: y ?? null });
    }
  }
}

function walkList(a: unknown[], b: unknown[], path: string, out: FieldChange[]): void {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (isPlainObject(x) && isPlainObject(y)) walk(x, y, `${path}[${i}]`, out);
    else if (canonicalJson(x ?? null) !== canonicalJson(y ?? null)) out.push({ field: `${path}[${i}]`, from: x ?? null, to: y ?? null });
  }
}

/** `a..b` as the versions route takes it (the contract has checked its shape). */
export function parseCompare(compare: string): { from: number; to: number } {
  const [from, to] = compare.split('..').map(Number) as [number, number];
  return { from, to };
}
