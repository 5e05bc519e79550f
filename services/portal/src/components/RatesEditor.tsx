import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import { DELIVERABLES, type Deliverable, type RateItem } from '../api/types';
import { formatDateTime, formatMoney, label, parseMoneyInput, toMajorInput } from '../format';
import { fieldErrorsOf, useAction } from '../hooks';
import { ConflictNotice, Empty, Field, Loading } from '../ui';
import { useMe } from '../session';
import { personText } from '../wording';
import { rateChanges } from '../rate-changes';

type Rows = Partial<Record<Deliverable, string>>;
const toRows = (items: RateItem[]): Rows => Object.fromEntries(items.map((i) => [i.deliverable, toMajorInput(i.price.amount, i.price.currency)]));

/** A creator's rate card with its version (a stale write is a 409 offering the latest) and its history. */
export function RatesEditor({ creatorId, editable }: { creatorId: string; editable: boolean }) {
  const { reader } = useMe();
  const rates = useQuery({ queryKey: ['rates', creatorId], queryFn: () => ok(api.GET('/v1/creators/{creatorId}/rates', { params: { path: { creatorId } } })) });
  // Keyed by the card's version: a save, or a reload after someone else's change, brings its history along.
  const history = useQuery({ queryKey: ['rates-history', creatorId, rates.data?.version], enabled: rates.data !== undefined, queryFn: () => ok(api.GET('/v1/creators/{creatorId}/rates/history', { params: { path: { creatorId }, query: { limit: 10 } } })) });
  const [rows, setRows] = useState<Rows | null>(null);
  const currency = rates.data?.items[0]?.price.currency ?? 'USD';
  const save = useAction(
    (input: { items: RateItem[]; version: number }) => ok(api.PUT('/v1/creators/{creatorId}/rates', { params: { path: { creatorId } }, body: input })),
    () => setRows(null),
  );
  if (rates.isPending) return <Loading what="Loading rates" />;
  if (!rates.data) return <ConflictNotice error={rates.error} onReload={() => rates.refetch()} />;
  const current = rows ?? toRows(rates.data.items);
  const errors = fieldErrorsOf(save.error);
  const localErrors: Rows = {};
  const items: RateItem[] = [];
  for (const d of DELIVERABLES) {
    const text = current[d]?.trim();
    if (!text) continue;
    const amount = parseMoneyInput(text, currency);
    if (amount === null) localErrors[d] = 'Enter an amount such as 500.00';
    else items.push({ deliverable: d, price: { amount, currency } });
  }
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (Object.keys(localErrors).length) return;
    save.mutate({ items, version: rates.data.version });
  };
  return (
    <div className="rates">
      {editable ? (
        <form onSubmit={submit} aria-label="Rate card" className="rates-form">
          <p className="muted small">Version {rates.data.version} · prices in {currency}; leave empty for deliverables you do not offer.</p>
          {DELIVERABLES.map((d) => (
            <Field key={d} label={label(d)} error={(rows && localErrors[d]) || errors[`items.${items.findIndex((item) => item.deliverable === d)}.price.amount`]}>
              {(p) => <input {...p} name={`rate-${d}`} inputMode="decimal" value={current[d] ?? ''} onChange={(e) => setRows({ ...current, [d]: e.target.value })} />}
            </Field>
          ))}
          {save.error && !Object.keys(errors).length ? (
            <ConflictNotice
              error={save.error}
              onReload={() => {
                setRows(null);
                save.reset();
                void rates.refetch();
              }}
            />
          ) : null}
          <button type="submit" className="primary" disabled={save.isPending || rows === null}>
            Save rates
          </button>
        </form>
      ) : rates.data.items.length ? (
        <table>
          <caption className="sr-only">Rate card</caption>
          <tbody>
            {rates.data.items.map((i) => (
              <tr key={i.deliverable}>
                <th scope="row">{label(i.deliverable)}</th>
                <td>{formatMoney(i.price)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>No rate card yet.</Empty>
      )}
      <details className="history">
        <summary>Rate history</summary>
        {history.isPending ? (
          <Loading />
        ) : history.data?.items.length ? (
          <ol>
            {history.data.items.map((h) => (
              <li key={h.version}>
                {personText(h.actor, reader)}, {formatDateTime(h.changedAt)} (version {h.version}): {rateChanges(h.old, h.new).join('; ') || 'saved without changes'}
              </li>
            ))}
          </ol>
        ) : (
          <Empty>No changes yet.</Empty>
        )}
      </details>
    </div>
  );
}
