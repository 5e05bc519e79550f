import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, notShared, ok } from '../api/client';
import { DELIVERABLES, type Deliverable, type Offer, type Submission } from '../api/types';
import { DiffView } from '../components/DiffView';
import { CancellationPanel } from '../components/CancellationPanel';
import { ContractPanel } from '../components/ContractPanel';
import { PaymentsPanel } from '../components/PaymentsPanel';
import { TermsForm } from '../components/TermsForm';
import { creatorName, formatDateTime, formatMoney, formatRate, formatTimeLeft, label } from '../format';
import { fieldErrorsOf, useAction, useAgencyScopes } from '../hooks';
import { canWriteOffers, isAgency, offerSide } from '../permissions';
import { useMe } from '../session';
import { termsErrorsFromServer } from '../terms';
import { ConflictNotice, Empty, ErrorNotice, Field, Loading, Section, TableWrap, Unavailable, UserText } from '../ui';
import { performanceProvenance, performanceTiles } from '../performance';
import { personText, VIDEO_VERIFICATION_TEXT } from '../wording';

const OPEN = new Set(['awaiting_response', 'changes_proposed']);

function TermsSummary({ terms }: { terms: Offer['currentTerms'] }) {
  return (
    <dl className="terms">
      <dt>Price</dt>
      <dd>{formatMoney(terms.price)}</dd>
      <dt>Deliverables</dt>
      <dd>{terms.deliverables.map((d) => `${d.quantity}× ${label(d.type)} by ${formatDateTime(d.dueAt)}`).join('; ')}</dd>
      <dt>Payment</dt>
      <dd>
        {terms.paymentTerms.upfrontPercent}% upfront, net {terms.paymentTerms.netDays} days
      </dd>
      <dt>Usage rights</dt>
      <dd>{terms.usageRightsDays} days</dd>
      <dt>Exclusivity</dt>
      <dd>{terms.exclusivityDays} days</dd>
      <dt>Revision rounds</dt>
      <dd>{terms.revisionRounds}</dd>
    </dl>
  );
}

function Versions({ offer }: { offer: Offer }) {
  const { reader } = useMe();
  const latest = offer.currentVersion;
  const [compare, setCompare] = useState<[number, number] | null>(latest > 1 ? [latest - 1, latest] : null);
  const versions = useQuery({
    queryKey: ['versions', offer.id, latest, compare],
    queryFn: () => ok(api.GET('/v1/offers/{id}/versions', { params: { path: { id: offer.id }, query: compare ? { compare: `${compare[0]}..${compare[1]}` } : {} } })),
  });
  if (versions.isPending) return <Loading />;
  if (!versions.data) return <ErrorNotice error={versions.error} />;
  const numbers = versions.data.items.map((v) => v.version);
  return (
    <>
      <ol className="versions">
        {versions.data.items.map((v) => (
          <li key={v.version}>
            v{v.version} by {personText(v.actor, reader, { start: false })}, {formatDateTime(v.createdAt)}: {formatMoney(v.terms.price)}
            {v.belowRateCard ? <span className="badge warn">below rate card ({formatMoney(v.rateCardPrice)})</span> : null}
            {v.comment && <>, with the note <q><UserText>{v.comment}</UserText></q></>}
          </li>
        ))}
      </ol>
      {numbers.length > 1 && (
        <div className="compare">
          <label>
            Compare{' '}
            <select aria-label="Older version" value={compare?.[0]} onChange={(e) => setCompare([Number(e.target.value), compare?.[1] ?? latest])}>
              {numbers.map((n) => <option key={n} value={n}>v{n}</option>)}
            </select>
          </label>{' '}
          <label>
            with{' '}
            <select aria-label="Newer version" value={compare?.[1]} onChange={(e) => setCompare([compare?.[0] ?? 1, Number(e.target.value)])}>
              {numbers.map((n) => <option key={n} value={n}>v{n}</option>)}
            </select>
          </label>
        </div>
      )}
      <DiffView changes={versions.data.changes} terms={versions.data.items.find((v) => v.version === versions.data.changes?.to)?.terms} />
    </>
  );
}

function Thread({ offerId, canWrite }: { offerId: string; canWrite: boolean }) {
  const { reader } = useMe();
  const messages = useQuery({ queryKey: ['messages', offerId], queryFn: () => ok(api.GET('/v1/offers/{id}/messages', { params: { path: { id: offerId }, query: { limit: 200 } } })), refetchInterval: 10_000 });
  const [body, setBody] = useState('');
  const send = useAction(() => ok(api.POST('/v1/offers/{id}/messages', { params: { path: { id: offerId } }, body: { body } })), () => setBody(''));
  const errors = fieldErrorsOf(send.error);
  return (
    <>
      {messages.isPending ? <Loading /> : !messages.data ? <ErrorNotice error={messages.error} onRetry={() => messages.refetch()} /> : messages.data.items.length ? (
        <ol className="thread">
          {messages.data.items.map((m) => (
            <li key={m.id} className={`msg msg-${m.author.side}`}>
              <span className="muted small">{personText(m.actor, reader)} · {formatDateTime(m.createdAt)}</span>
              <p><UserText>{m.body}</UserText></p>
            </li>
          ))}
        </ol>
      ) : <Empty>No messages yet.</Empty>}
      {canWrite && (
        <form aria-label="New message" onSubmit={(e) => { e.preventDefault(); send.mutate(); }}>
          <Field label="Message" error={errors.body}>{(p) => <textarea {...p} rows={2} value={body} onChange={(e) => setBody(e.target.value)} />}</Field>
          {!Object.keys(errors).length && <ErrorNotice error={send.error} />}
          <button type="submit" disabled={!body.trim() || send.isPending}>Send message</button>
        </form>
      )}
    </>
  );
}

function Review({ offerId, submission }: { offerId: string; submission: Submission }) {
  const [comments, setComments] = useState('');
  const review = useAction((decision: 'approve' | 'request_changes') => ok(api.POST('/v1/offers/{id}/submissions/{sid}/review', { params: { path: { id: offerId, sid: submission.id } }, body: { decision, comments: comments || undefined } })));
  return (
    <div className="review">
      <Field label="Your feedback on this draft">{(p) => <textarea {...p} rows={2} value={comments} onChange={(e) => setComments(e.target.value)} />}</Field>
      <ErrorNotice error={review.error} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => review.mutate('approve')} disabled={review.isPending}>Approve draft</button>
        <button type="button" onClick={() => review.mutate('request_changes')} disabled={review.isPending}>Request changes</button>
      </div>
    </div>
  );
}

/** On an approved draft that names no video: the creator side names the live one, without a new round. */
function LinkVideo({ offerId, submission }: { offerId: string; submission: Submission }) {
  const [videoId, setVideoId] = useState('');
  const link = useAction(() => ok(api.POST('/v1/offers/{id}/submissions/{sid}/video', { params: { path: { id: offerId, sid: submission.id } }, body: { videoId: videoId.trim() } })));
  const errors = fieldErrorsOf(link.error);
  return (
    <form aria-label={`Name the posted video of ${label(submission.deliverable)}, round ${submission.round}`} className="inline-form" onSubmit={(e) => { e.preventDefault(); link.mutate(); }}>
      <Field label="Posted video id" error={errors.videoId} hint="Once it is live: its views count for this offer, with no new review">
        {(p) => <input {...p} value={videoId} onChange={(e) => setVideoId(e.target.value)} />}
      </Field>
      <button type="submit" disabled={link.isPending || !videoId.trim()}>Name the video</button>
      {!Object.keys(errors).length && <ErrorNotice error={link.error} />}
    </form>
  );
}

function Submissions({ offer, side, canWrite }: { offer: Offer; side: 'brand' | 'creator'; canWrite: boolean }) {
  const subs = useQuery({ queryKey: ['submissions', offer.id], queryFn: () => ok(api.GET('/v1/offers/{id}/submissions', { params: { path: { id: offer.id } } })) });
  const deliverables = [...new Set(offer.currentTerms.deliverables.map((d) => d.type))];
  const [form, setForm] = useState({ deliverable: deliverables[0] ?? ('video' as Deliverable), url: '', caption: '', videoId: '' });
  const submit = useAction(
    () => ok(api.POST('/v1/offers/{id}/submissions', { params: { path: { id: offer.id } }, body: { ...form, videoId: form.videoId.trim() || undefined } })),
    () => setForm({ ...form, url: '', caption: '', videoId: '' }),
  );
  const errors = fieldErrorsOf(submit.error);
  const canSubmit = canWrite && side === 'creator' && (offer.workStatus === 'active' || offer.workStatus === 'revisions_requested' || offer.workStatus === 'content_submitted');
  return (
    <>
      {subs.isPending ? <Loading /> : !subs.data ? <ErrorNotice error={subs.error} onRetry={() => subs.refetch()} /> : subs.data.items.length ? (
        <ol className="submissions">
          {subs.data.items.map((s) => (
            <li key={s.id}>
              <p>
                <strong>{label(s.deliverable)}, round {s.round}</strong>: <a href={s.url} rel="noreferrer noopener" target="_blank">{s.url}</a> <span className={`status status-${s.status}`}>{s.status.replace(/_/g, ' ')}</span>
              </p>
              <p><UserText>{s.caption}</UserText></p>
              {s.videoId && <p className="muted small">Video {s.videoId}</p>}
              {s.review && <p className="muted">{s.review.deemed ? 'Deemed approved (review window passed)' : s.review.decision === 'approve' ? 'Approved' : 'Changes requested'}{s.review.comments ? <>: <UserText>{s.review.comments}</UserText></> : ''}</p>}
              {side === 'brand' && canWrite && s.status === 'pending_review' && <Review offerId={offer.id} submission={s} />}
              {side === 'creator' && canWrite && s.status === 'approved' && !s.videoId && <LinkVideo offerId={offer.id} submission={s} />}
            </li>
          ))}
        </ol>
      ) : <Empty>No drafts submitted yet.</Empty>}
      {canSubmit && (
        <form aria-label="Submit a draft" onSubmit={(e) => { e.preventDefault(); submit.mutate(); }}>
          <Field label="Deliverable" error={errors.deliverable}>
            {(p) => <select {...p} value={form.deliverable} onChange={(e) => setForm({ ...form, deliverable: e.target.value as Deliverable })}>{(deliverables.length ? deliverables : DELIVERABLES).map((d) => <option key={d} value={d}>{label(d)}</option>)}</select>}
          </Field>
          <Field label="Draft URL" error={errors.url}>{(p) => <input {...p} type="url" name="url" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} />}</Field>
          <Field label="Video id" error={errors.videoId} hint="The platform's id of the posted video, once it is live: its views then count for this offer">
            {(p) => <input {...p} name="videoId" value={form.videoId} onChange={(e) => setForm({ ...form, videoId: e.target.value })} />}
          </Field>
          <Field label="Caption" error={errors.caption}>{(p) => <textarea {...p} name="caption" rows={2} value={form.caption} onChange={(e) => setForm({ ...form, caption: e.target.value })} />}</Field>
          {!Object.keys(errors).length && <ErrorNotice error={submit.error} />}
          <button type="submit" className="primary" disabled={submit.isPending}>Submit draft</button>
        </form>
      )}
    </>
  );
}

/**
 * What the offer's approved videos did for its price. Its own request, so a metrics outage
 * leaves the rest of the offer as it is; a caller metrics does not count as a party sees none.
 */
function PerformancePanel({ offerId }: { offerId: string }) {
  const perf = useQuery({
    queryKey: ['offer-performance', offerId],
    queryFn: () => ok(api.GET('/v1/offers/{id}/performance', { params: { path: { id: offerId } } })),
    refetchInterval: 30_000,
  });
  if (notShared(perf.error)) return null;
  const p = perf.data;
  return (
    <Section title="Performance">
      {perf.isPending ? (
        <Loading what="Loading performance" />
      ) : !p ? (
        <Unavailable what="Performance data" rest="offer" onRetry={() => void perf.refetch()} />
      ) : (
        <>
          <ul className="kpis">
            {performanceTiles(p).map((t) => (
              <li key={t.key} className="kpi">
                <span className="kpi-label">{t.label}</span>
                <span className="kpi-value">{t.value}</span>
                <span className="kpi-bench">{t.hint}</span>
              </li>
            ))}
          </ul>
          {p.videos.length ? (
            <TableWrap label="Approved videos">
              <table>
                <caption className="sr-only">Views and engagement of each approved video</caption>
                <thead>
                  <tr><th scope="col">Video</th><th scope="col">Counted</th><th scope="col">Views</th><th scope="col">Engagements</th><th scope="col">Engagement rate</th><th scope="col">Observed</th></tr>
                </thead>
                <tbody>
                  {p.videos.map((v) => (
                    <tr key={v.videoId}>
                      <th scope="row" className="mono">{v.videoId}</th>
                      <td>{VIDEO_VERIFICATION_TEXT[v.verification]}{v.postedAt ? `, posted ${formatDateTime(v.postedAt)}` : ''}</td>
                      <td>{v.views.toLocaleString('en-US')}</td>
                      <td>{v.engagements.toLocaleString('en-US')}</td>
                      <td>{formatRate(v.engagementRate)}</td>
                      <td>{formatDateTime(v.observedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : (
            <Empty>No approved video has been observed yet: a draft names its video id, and once the brand approves it its views count here.</Empty>
          )}
          <p className="muted small">{performanceProvenance(p)}</p>
        </>
      )}
    </Section>
  );
}

/** What the offer is about and what is due when: the header of the offer page. */
function OfferContext({ offer: o }: { offer: Offer }) {
  const now = new Date();
  const creator = o.creator.displayName || o.creator.handle ? creatorName(o.creator) : null;
  return (
    <dl className="terms offer-context" aria-label="About this offer">
      {o.brand.name && <><dt>Brand</dt><dd><UserText>{o.brand.name}</UserText></dd></>}
      {creator && <><dt>Creator</dt><dd><UserText>{creator}</UserText>{o.creator.handle && o.creator.displayName ? <span className="muted small"> @{o.creator.handle}</span> : null}</dd></>}
      {o.campaign.brief && <><dt>Brief</dt><dd className="brief"><UserText>{o.campaign.brief}</UserText></dd></>}
      {o.respondBy && <><dt>Respond by</dt><dd>{formatDateTime(o.respondBy)} <span className="muted small">({formatTimeLeft(o.respondBy, now)})</span></dd></>}
      {o.reviewDeadline && <><dt>Review due</dt><dd>{formatDateTime(o.reviewDeadline)} <span className="muted small">({formatTimeLeft(o.reviewDeadline, now)}; the draft is approved without a review after that)</span></dd></>}
      {o.rateCardPrice && (
        <>
          <dt>Rate card</dt>
          <dd>
            {formatMoney(o.rateCardPrice)} for the current terms' deliverables, by the card the offer was sent with
            {o.belowRateCard ? <span className="badge warn">current terms below rate card</span> : null}
          </dd>
        </>
      )}
    </dl>
  );
}

export function OfferPage({ offerId }: { offerId: string }) {
  const { viewer, me, reader } = useMe();
  const offer = useQuery({ queryKey: ['offer', offerId], queryFn: () => ok(api.GET('/v1/offers/{id}', { params: { path: { id: offerId } } })), refetchInterval: 10_000 });
  const side = offerSide(viewer);
  const scopes = useAgencyScopes(offer.data?.creatorId, isAgency(viewer));
  const canWrite = canWriteOffers(viewer) && (scopes === null || scopes.includes('offers:negotiate'));
  const canSubmitDrafts = canWriteOffers(viewer) && (scopes === null || scopes.includes('feedback:write'));
  const id = { params: { path: { id: offerId } } };
  const propose = useAction((v: { terms: Offer['currentTerms']; comment: string; baseVersion: number }) => ok(api.POST('/v1/offers/{id}/proposals', { ...id, body: { baseVersion: v.baseVersion, terms: v.terms, comment: v.comment || undefined } })));
  const accept = useAction((version: number) => ok(api.POST('/v1/offers/{id}/accept', { ...id, body: { version } })));
  const [reason, setReason] = useState('');
  const decline = useAction(() => ok(api.POST('/v1/offers/{id}/decline', { ...id, body: { reason: reason || 'Declined' } })));
  const confirm = useAction(() => ok(api.POST('/v1/offers/{id}/confirm', id)));
  const sendBack = useAction(() => ok(api.POST('/v1/offers/{id}/reject-confirmation', { ...id, body: {} })));
  const complete = useAction(() => ok(api.POST('/v1/offers/{id}/complete', id)));
  if (offer.isPending) return <Loading what="Loading the offer" />;
  if (!offer.data) return <ErrorNotice error={offer.error} onRetry={() => offer.refetch()} />;
  const o = offer.data;
  const open = OPEN.has(o.status);
  const theirTurn = o.currentAuthor !== side;
  const reload = () => {
    propose.reset();
    accept.reset();
    void offer.refetch();
  };
  const conflict = [propose.error, accept.error].find((e) => e instanceof ApiError && e.status === 409);
  const proposeErrors = propose.error instanceof ApiError && propose.error.status === 400 ? termsErrorsFromServer(propose.error.fieldErrors()) : null;
  return (
    <>
      <h1>{o.campaign.name ? <UserText>{o.campaign.name}</UserText> : 'Offer'}</h1>
      <OfferContext offer={o} />
      <p>
        Status <span className={`status status-${o.status}`}>{o.status.replace(/_/g, ' ')}</span>
        {o.workStatus && <> · work <span className={`status status-${o.workStatus}`}>{o.workStatus.replace(/_/g, ' ')}</span></>} · version {o.currentVersion} by the {o.currentAuthor}
        {o.contract && <span className="muted small"> · contract {o.contract.termsHash.slice(0, 12)}…</span>}
      </p>
      {o.closedReason && <p className="muted">Closed: <UserText>{o.closedReason}</UserText></p>}
      {conflict ? <ConflictNotice error={conflict} onReload={reload} /> : <ErrorNotice error={accept.error ?? decline.error ?? confirm.error ?? sendBack.error ?? complete.error ?? (proposeErrors?.other.length || !proposeErrors ? propose.error : null)} />}
      <Section title="Current terms">
        <TermsSummary terms={o.currentTerms} />
        {canWrite && open && theirTurn && (
          <div className="actions">
            <button type="button" className="primary" onClick={() => accept.mutate(o.currentVersion)} disabled={accept.isPending}>Accept version {o.currentVersion}</button>
          </div>
        )}
        {canWrite && side === 'creator' && me.user.kind === 'creator' && o.status === 'awaiting_creator_confirmation' && (
          <div className="actions">
            <button type="button" className="primary" onClick={() => confirm.mutate()}>Confirm my agency's acceptance</button>
            <button type="button" onClick={() => sendBack.mutate()}>Send it back</button>
          </div>
        )}
        {canWrite && side === 'brand' && o.workStatus === 'approved' && (
          <button type="button" className="primary" onClick={() => complete.mutate()}>Mark completed</button>
        )}
      </Section>
      {canWrite && open && (
        <Section title="Counter-offer">
          <TermsForm key={o.currentVersion} base={o.currentTerms} busy={propose.isPending} serverErrors={proposeErrors?.fields} onSubmit={(terms, comment) => propose.mutate({ terms, comment, baseVersion: o.currentVersion })} />
          <form className="decline" aria-label="Decline the offer" onSubmit={(e) => { e.preventDefault(); decline.mutate(); }}>
            <Field label="Reason for declining">{(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
            <button type="submit" className="danger" disabled={decline.isPending}>Decline offer</button>
          </form>
        </Section>
      )}
      <Section title="Terms versions">
        <Versions offer={o} />
      </Section>
      {o.contract && <ContractPanel offerId={o.id} side={side} canSign={side === 'brand' ? canWrite : me.user.kind === 'creator'} />}
      {o.contract && <PaymentsPanel offerId={o.id} side={side} canWrite={canWrite} />}
      {o.contract && <CancellationPanel offer={o} side={side} canWrite={canWrite} reader={reader} />}
      {o.contract && <PerformancePanel offerId={o.id} />}
      {o.contract && (
        <Section title="Drafts and feedback">
          <Submissions offer={o} side={side} canWrite={side === 'brand' ? canWrite : canSubmitDrafts} />
        </Section>
      )}
      <Section title="Messages">
        <Thread offerId={offerId} canWrite={canWrite} />
      </Section>
    </>
  );
}
