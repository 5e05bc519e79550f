import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, notShared, ok } from '../api/client';
import type { Payment } from '../api/types';
import { formatDateTime, formatMoney, statusLabel } from '../format';
import { useAction } from '../hooks';
import { paymentSteps, splitParts } from '../money';
import { ErrorNotice, Loading, Section, TableWrap, UserText } from '../ui';

type Side = 'brand' | 'creator';

const STEP_LABELS = { invoice: 'Invoice', paid: 'Mark paid', dispute: 'Dispute' } as const;
const STEP_INPUT = { invoice: 'Invoice reference', paid: 'Payment reference', dispute: 'Reason for the dispute' } as const;

function PaymentSteps({ payment: p, side }: { payment: Payment; side: Side }) {
  const [text, setText] = useState('');
  const id = { params: { path: { id: p.id } } };
  const step = useAction((s: 'invoice' | 'paid' | 'dispute') =>
    s === 'invoice'
      ? ok(api.POST('/v1/payments/{id}/invoice', { ...id, body: { reference: text } }))
      : s === 'paid'
        ? ok(api.POST('/v1/payments/{id}/paid', { ...id, body: { reference: text } }))
        : ok(api.POST('/v1/payments/{id}/dispute', { ...id, body: { reason: text } })),
  );
  const steps = paymentSteps(p, side);
  if (!steps.length) return null;
  return (
    <form className="actions" aria-label={`Steps on ${p.name}`} onSubmit={(e) => e.preventDefault()}>
      <input aria-label={`Reference or reason for ${p.name}`} placeholder={steps.map((s) => STEP_INPUT[s]).join(' / ')} value={text} onChange={(e) => setText(e.target.value)} />
      {steps.map((s) => (
        <button key={s} type="button" className={s === 'dispute' ? 'danger' : 'primary'} disabled={!text.trim() || step.isPending} onClick={() => step.mutate(s)}>
          {STEP_LABELS[s]}
        </button>
      ))}
      <ErrorNotice error={step.error} />
    </form>
  );
}

/**
 * The accepted offer's payment schedule: each payment with its status, due date and split
 * (creator net, agency commission, manager shares), and the steps the caller's side may take.
 */
export function PaymentsPanel({ offerId, side, canWrite }: { offerId: string; side: Side; canWrite: boolean }) {
  const payments = useQuery({ queryKey: ['payments', offerId], queryFn: () => ok(api.GET('/v1/offers/{id}/payments', { params: { path: { id: offerId } } })) });
  if (notShared(payments.error)) return null;
  return (
    <Section title="Payments">
      {payments.isPending ? (
        <Loading what="Loading the payment schedule" />
      ) : !payments.data ? (
        <ErrorNotice error={payments.error} onRetry={() => void payments.refetch()} />
      ) : (
        <TableWrap label="Payment schedule">
          <table>
            <caption className="sr-only">Payment schedule with each payment's split</caption>
            <thead>
              <tr><th scope="col">Payment</th><th scope="col">Amount</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Split</th>{canWrite && <th scope="col">Steps</th>}</tr>
            </thead>
            <tbody>
              {payments.data.items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{formatMoney(p.amount)}</td>
                  <td>{p.dueAt ? formatDateTime(p.dueAt) : statusLabel(p.trigger)}</td>
                  <td>
                    <span className={`status status-${p.status}`}>{statusLabel(p.status)}</span>
                    {p.dispute && <span className="muted small"> <UserText>{p.dispute.reason}</UserText></span>}
                  </td>
                  <td>
                    <ul className="split" aria-label={`Split of ${p.name}`}>
                      {splitParts(p).map((s, i) => <li key={i}>{s.who} {formatMoney({ amount: s.amount, currency: p.amount.currency })}</li>)}
                    </ul>
                  </td>
                  {canWrite && <td><PaymentSteps payment={p} side={side} /></td>}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}
