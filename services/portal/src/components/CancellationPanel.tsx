import { useState } from 'react';
import { api, ok } from '../api/client';
import type { Offer } from '../api/types';
import { useAction } from '../hooks';
import { ErrorNotice, Field, Section } from '../ui';

/**
 * Cancellation by agreement: while the work runs either side asks, with a reason; while a
 * request waits, the other side accepts (settled by the stage the work reached) or declines.
 * The side that asked is told so by the gateway if it tries to answer itself.
 */
export function CancellationPanel({ offer: o, canWrite }: { offer: Offer; canWrite: boolean }) {
  const [reason, setReason] = useState('');
  const id = { params: { path: { id: o.id } } };
  const request = useAction(() => ok(api.POST('/v1/offers/{id}/cancellation', { ...id, body: { reason } })), () => setReason(''));
  const accept = useAction(() => ok(api.POST('/v1/offers/{id}/cancellation/accept', id)));
  const decline = useAction(() => ok(api.POST('/v1/offers/{id}/cancellation/decline', { ...id, body: reason ? { reason } : {} })), () => setReason(''));
  if (!canWrite) return null;
  if (o.status === 'cancellation_requested') {
    return (
      <Section title="Cancellation requested">
        <p>One side asked to cancel this work by agreement. The other side accepts (what is owed follows the stage the work reached) or declines (the work goes on).</p>
        <Field label="Reason for declining (optional)">{(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
        <ErrorNotice error={accept.error ?? decline.error} />
        <div className="actions">
          <button type="button" className="danger" onClick={() => accept.mutate()} disabled={accept.isPending}>Accept the cancellation</button>
          <button type="button" onClick={() => decline.mutate()} disabled={decline.isPending}>Decline the cancellation</button>
        </div>
      </Section>
    );
  }
  // Either side may ask while the work runs (accepted, not yet completed).
  if (o.status !== 'accepted' || o.workStatus === 'completed') return null;
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
