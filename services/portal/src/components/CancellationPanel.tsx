import { useState } from 'react';
import { api, ok } from '../api/client';
import type { Offer, PendingCancellation } from '../api/types';
import { creatorName, formatDateTime } from '../format';
import { useAction } from '../hooks';
import { settlementLines } from '../money';
import { ErrorNotice, Field, Section, TableWrap, UserText } from '../ui';
import { personText, type Reader } from '../wording';

/** What accepting would leave owed at each stage of the work, the stage it is at now marked. */
function SettlementByStage({ cancellation }: { cancellation: PendingCancellation }) {
  return (
    <TableWrap label="Settlement by stage">
      <table>
        <caption>If accepted, owed to the creator side</caption>
        <thead>
          <tr><th scope="col">Stage of the work</th><th scope="col">Owed</th><th scope="col">How</th></tr>
        </thead>
        <tbody>
          {settlementLines(cancellation).map((l) => (
            <tr key={l.stage} className={l.current ? 'current' : undefined}>
              <th scope="row">{l.stage}{l.current && <> <span className="badge">now</span></>}</th>
              <td>{l.owed}</td>
              <td>{l.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/**
 * Cancellation by agreement: while the work runs either side asks, with a reason. While a
 * request waits, the side that asked is told whose answer it waits for; the other side sees who
 * asked, when and why, and what the settlement would be by stage, and (when it may write)
 * accepts or declines.
 */
export function CancellationPanel({ offer: o, side, canWrite, reader }: { offer: Offer; side: 'brand' | 'creator'; canWrite: boolean; reader: Reader }) {
  const [reason, setReason] = useState('');
  const id = { params: { path: { id: o.id } } };
  const request = useAction(() => ok(api.POST('/v1/offers/{id}/cancellation', { ...id, body: { reason } })), () => setReason(''));
  const accept = useAction(() => ok(api.POST('/v1/offers/{id}/cancellation/accept', id)));
  const decline = useAction(() => ok(api.POST('/v1/offers/{id}/cancellation/decline', { ...id, body: reason ? { reason } : {} })), () => setReason(''));
  const c = o.cancellation;
  if (o.status === 'cancellation_requested' && c) {
    const asked = (
      <p>
        {personText(c.requestedBy, reader)} asked on {formatDateTime(c.requestedAt)} to cancel this work by agreement: <q><UserText>{c.reason}</UserText></q>
      </p>
    );
    if (c.requestedBy.side === side) {
      const other = side === 'brand' ? creatorName(o.creator) : (o.brand.name ?? 'the brand');
      return (
        <Section title="Cancellation requested">
          {asked}
          <p>Waiting for {other} to answer.</p>
        </Section>
      );
    }
    return (
      <Section title="Cancellation requested">
        {asked}
        <SettlementByStage cancellation={c} />
        {canWrite && (
          <>
            <Field label="Reason for declining (optional)">{(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
            <ErrorNotice error={accept.error ?? decline.error} />
            <div className="actions">
              <button type="button" className="danger" onClick={() => accept.mutate()} disabled={accept.isPending}>Accept the cancellation</button>
              <button type="button" onClick={() => decline.mutate()} disabled={decline.isPending}>Decline the cancellation</button>
            </div>
          </>
        )}
      </Section>
    );
  }
  // Either side may ask while the work runs (accepted, not yet completed).
  if (!canWrite || o.status !== 'accepted' || o.workStatus === 'completed') return null;
  return (
    <Section title="Cancel by agreement">
      <form aria-label="Ask to cancel" onSubmit={(e) => { e.preventDefault(); request.mutate(); }}>
        <Field label="Reason for cancelling">{(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
        <ErrorNotice error={request.error} />
        <button type="submit" className="danger" disabled={!reason.trim() || request.isPending}>Ask to cancel</button>
      </form>
    </Section>
  );
}
