import type { Changes } from '../api/types';
import { formatMoney, label, type Money } from '../format';
import { UserText } from '../ui';

const isMoney = (v: unknown): v is Money => typeof v === 'object' && v !== null && 'amount' in v && 'currency' in v;

/** A changed value as a person reads it: money formatted, lists itemised, nothing as raw JSON where avoidable. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (isMoney(value)) return formatMoney(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    return value.map((v) => (typeof v === 'object' && v && 'type' in v ? `${(v as { quantity?: number }).quantity ?? 1}× ${label(String((v as { type: string }).type))}` : describeValue(v))).join(', ');
  }
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${describeValue(v)}`).join('; ');
  return String(value);
}

/** "paymentTerms.upfrontPercent" → "Payment terms · upfront percent". */
export function fieldLabel(field: string): string {
  return field
    .split('.')
    .map((part) => part.replace(/([A-Z])/g, ' $1').toLowerCase())
    .map((part, i) => (i === 0 ? part[0].toUpperCase() + part.slice(1) : part))
    .join(' · ');
}

const at = (value: unknown, path: string[]): unknown => path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);

/**
 * One changed field for display. The gateway names leaf paths (`price.amount`); an amount is
 * shown as money in the currency its sibling field holds in the compared terms.
 */
export function describeChange(change: { field: string; from: unknown; to: unknown }, terms?: unknown): { label: string; from: string; to: string } {
  const path = change.field.split('.');
  const currency = path[path.length - 1] === 'amount' ? at(terms, [...path.slice(0, -1), 'currency']) : undefined;
  if (typeof currency === 'string' && typeof change.from === 'number' && typeof change.to === 'number') {
    return { label: fieldLabel(path.slice(0, -1).join('.')), from: formatMoney({ amount: change.from, currency }), to: formatMoney({ amount: change.to, currency }) };
  }
  return { label: fieldLabel(change.field), from: describeValue(change.from), to: describeValue(change.to) };
}

/**
 * What changed between two terms versions, field by field (the gateway computes the changes;
 * `terms` is either compared version, for the currency of changed amounts).
 */
export function DiffView({ changes, terms }: { changes: Changes | null; terms?: unknown }) {
  if (!changes) return null;
  if (changes.fields.length === 0) return <p className="empty">Versions {changes.from} and {changes.to} have the same terms.</p>;
  return (
    <table className="diff">
      <caption>
        Changes from version {changes.from} to version {changes.to}
      </caption>
      <thead>
        <tr>
          <th scope="col">Term</th>
          <th scope="col">Version {changes.from}</th>
          <th scope="col">Version {changes.to}</th>
        </tr>
      </thead>
      <tbody>
        {changes.fields.map((f) => {
          const d = describeChange(f, terms);
          return (
            <tr key={f.field}>
              <th scope="row">{d.label}</th>
              <td>
                <del><UserText>{d.from}</UserText></del>
              </td>
              <td>
                <ins><UserText>{d.to}</UserText></ins>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
