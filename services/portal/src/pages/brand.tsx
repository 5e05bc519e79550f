import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import type { Campaign, Deliverable, FoundCreator, Terms } from '../api/types';
import { createBody, editBody, formOf, newCampaignForm, overBudgetBy } from '../campaign-form';
import { CampaignForm } from '../components/CampaignForm';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CreatorPicker } from '../components/CreatorPicker';
import { TermsFields } from '../components/TermsForm';
import { formFromTerms, termsErrorsFromServer, termsFromForm, type TermsErrors, type TermsForm as TermsFormState } from '../terms';
import { creatorName, formatDate, formatMoney, label, parseMoneyInput, statusLabel } from '../format';
import { fieldErrorsOf, useAction } from '../hooks';
import { canActForOrg } from '../permissions';
import { Link, useRouter } from '../router';
import { useMe } from '../session';
import { Empty, ErrorNotice, Field, Loading, Section, TableWrap, UserText } from '../ui';

function CreateCampaign() {
  const { navigate } = useRouter();
  const create = useAction((body: ReturnType<typeof createBody>) => ok(api.POST('/v1/campaigns', { body })), (c) => navigate(`/campaigns/${c.id}`));
  const errors = fieldErrorsOf(create.error);
  return (
    <CampaignForm title="New campaign" initial={newCampaignForm()} submit="Create campaign" pending={create.isPending} errors={errors} onSubmit={(form) => create.mutate(createBody(form))}>
      {!Object.keys(errors).length && <ErrorNotice error={create.error} />}
    </CampaignForm>
  );
}

export function CampaignsPage() {
  const { viewer } = useMe();
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: () => ok(api.GET('/v1/campaigns', { params: { query: { limit: 100 } } })) });
  return (
    <>
      <h1>Campaigns</h1>
      {campaigns.isPending ? <Loading what="Loading campaigns" /> : !campaigns.data ? <ErrorNotice error={campaigns.error} /> : campaigns.data.items.length === 0 ? <Empty>No campaigns yet.</Empty> : (
        <TableWrap label="Campaigns">
          <table>
            <thead><tr><th scope="col">Campaign</th><th scope="col">Status</th><th scope="col">Budget</th><th scope="col">Remaining</th><th scope="col">Runs</th><th scope="col">Pending</th><th scope="col">Active</th><th scope="col">Completed</th><th scope="col">Inactive</th></tr></thead>
            <tbody>
              {campaigns.data.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row"><Link to={`/campaigns/${c.id}`}><UserText>{c.name}</UserText></Link></th>
                  <td><span className={`status status-${c.status}`}>{statusLabel(c.status)}</span></td>
                  <td>{formatMoney(c.budget)}</td>
                  <td>{formatMoney(c.remaining)}</td>
                  <td>{formatDate(c.startsAt)} – {formatDate(c.endsAt)}</td>
                  <td>{c.counts.pending}</td><td>{c.counts.active}</td><td>{c.counts.completed}</td><td>{c.counts.inactive}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canActForOrg(viewer) && <Section title="New campaign"><CreateCampaign /></Section>}
    </>
  );
}

/** The creator named in the link that opened the form (from discovery or a card), by their profile. */
function useLinkedCreator(creatorId: string): FoundCreator | null {
  const profile = useQuery({
    queryKey: ['profile', creatorId],
    queryFn: () => ok(api.GET('/v1/creators/{creatorId}/profile', { params: { path: { creatorId } } })),
    enabled: /^[0-9a-f-]{36}$/i.test(creatorId),
    retry: false,
  });
  return profile.data ? { id: profile.data.creatorId, handle: profile.data.handle, displayName: profile.data.name } : null;
}

/** What an offer starts from: the campaign's lines, and the terms a brand gets unless it changes them (the platform's defaults). */
function sendBase(deliverables: { type: Deliverable; quantity: number; dueAt: string }[]): Terms {
  return {
    price: { amount: 0, currency: 'USD' },
    paymentTerms: { upfrontPercent: 0, netDays: 30 },
    deliverables,
    usageRightsDays: 0,
    exclusivityDays: 0,
    revisionRounds: 1,
    reviewWindowDays: 14,
  };
}

function SendOffer({ campaignId, deliverables, remaining, initialCreatorId }: { campaignId: string; deliverables: { type: Deliverable; quantity: number; dueAt: string }[]; remaining: Campaign['remaining']; initialCreatorId: string }) {
  const { navigate } = useRouter();
  const linked = useLinkedCreator(initialCreatorId);
  // undefined: the linked creator, until the person picks (or clears) one themselves.
  const [picked, setPicked] = useState<FoundCreator | null | undefined>(undefined);
  const chosen = picked === undefined ? linked : picked;
  const creatorId = chosen?.id ?? '';
  // The campaign's lines and the platform's default terms, which the brand may change before sending.
  const base = useMemo(() => sendBase(deliverables), [deliverables]);
  const [form, setForm] = useState<TermsFormState>(() => formFromTerms(base));
  const [termErrors, setTermErrors] = useState<TermsErrors>({});
  const price = form.price;
  const rates = useQuery({ queryKey: ['rates', creatorId], queryFn: () => ok(api.GET('/v1/creators/{creatorId}/rates', { params: { path: { creatorId } } })), enabled: !!chosen, retry: false });
  const amount = parseMoneyInput(price, 'USD');
  const cardPrice = rates.data ? deliverables.reduce<number | null>((sum, d) => {
    const item = rates.data!.items.find((i) => i.deliverable === d.type);
    return sum === null || !item ? null : sum + item.price.amount * d.quantity;
  }, 0) : null;
  const below = amount !== null && cardPrice !== null && cardPrice > 0 && amount < cardPrice;
  // Over the remaining budget, the offer goes only with the person's explicit yes (the service refuses it otherwise).
  const over = overBudgetBy(amount, remaining);
  const [overConfirmed, setOverConfirmed] = useState(false);
  const send = useAction(
    (terms: Terms) =>
      ok(
        api.POST('/v1/campaigns/{id}/offers', {
          params: { path: { id: campaignId } },
          body: {
            creatorId,
            price: terms.price,
            deliverables: terms.deliverables,
            terms: {
              paymentTerms: terms.paymentTerms,
              usageRightsDays: terms.usageRightsDays,
              exclusivityDays: terms.exclusivityDays,
              ...(terms.exclusivityCategory ? { exclusivityCategory: terms.exclusivityCategory } : {}),
              revisionRounds: terms.revisionRounds,
            },
            ...(over && overConfirmed ? { allowOverBudget: true } : {}),
          },
        }),
      ),
    (offer) => navigate(`/offers/${offer.id}`),
  );
  const serverErrors = fieldErrorsOf(send.error);
  const errors: Record<string, string | undefined> = { ...termsErrorsFromServer(serverErrors).fields, ...serverErrors, ...termErrors };
  const submit = () => {
    const result = termsFromForm(form, base);
    if (result.errors) return setTermErrors(result.errors);
    setTermErrors({});
    send.mutate(result.terms);
  };
  return (
    <form aria-label="Send an offer" noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <CreatorPicker chosen={chosen} onChoose={setPicked} error={errors.creatorId} />
      <Field label="Price (USD)" error={errors['price.amount'] ?? errors.price}>{(p) => <input {...p} name="price" inputMode="decimal" value={price} onChange={(e) => { setForm({ ...form, price: e.target.value }); setTermErrors({}); }} />}</Field>
      <p className="muted small">Deliverables: {deliverables.map((d) => `${d.quantity}× ${label(d.type)}`).join(', ')}{cardPrice ? ` · rate card ${formatMoney({ amount: cardPrice, currency: 'USD' })}` : ''}</p>
      {below && <p className="notice warn" role="alert">This price is below the creator's rate card ({formatMoney({ amount: cardPrice!, currency: 'USD' })}); they are likely to counter.</p>}
      {over && (
        <div className="notice warn" role="alert">
          <p>This price is {formatMoney(over)} more than the campaign's remaining budget ({formatMoney(remaining)}).</p>
          <label><input type="checkbox" checked={overConfirmed} onChange={(e) => setOverConfirmed(e.target.checked)} /> Send it over budget anyway</label>
        </div>
      )}
      <details className="terms" open={Object.keys(termErrors).some((k) => k !== 'price')}>
        <summary>Payment, rights and due dates</summary>
        <TermsFields form={form} onChange={(next) => { setForm(next); setTermErrors({}); }} errors={errors} currency="USD" />
      </details>
      {!Object.keys(serverErrors).length && <ErrorNotice error={send.error} />}
      <button type="submit" className="primary" disabled={send.isPending || !chosen || (!!over && !overConfirmed)}>Send offer</button>
    </form>
  );
}

const CAMPAIGN_STATUS_TEXT: Record<Campaign['status'], string> = {
  active: 'Active: takes new offers.',
  paused: 'Paused: no new offers until you resume it. Offers and deals under way go on.',
  closed: 'Closed: no new offers. Deals under way go on to completion.',
};

/** Edit, pause, resume and close, for the brand's managers and up. */
function CampaignActions({ c }: { c: Campaign }) {
  const [editing, setEditing] = useState(false);
  const [closing, setClosing] = useState(false);
  const edit = useAction((body: ReturnType<typeof editBody>) => ok(api.PATCH('/v1/campaigns/{id}', { params: { path: { id: c.id } }, body })), () => setEditing(false));
  const command = useAction((step: 'pause' | 'resume' | 'close') => ok(api.POST(`/v1/campaigns/{id}/${step}`, { params: { path: { id: c.id } }, body: { version: c.version } })), () => setClosing(false));
  if (c.status === 'closed') return null;
  const errors = fieldErrorsOf(edit.error);
  return (
    <>
      <div className="actions">
        {!editing && <button type="button" onClick={() => setEditing(true)}>Edit campaign</button>}
        {c.status === 'active' && <button type="button" disabled={command.isPending} onClick={() => command.mutate('pause')}>Pause campaign</button>}
        {c.status === 'paused' && <button type="button" disabled={command.isPending} onClick={() => command.mutate('resume')}>Resume campaign</button>}
        <button type="button" className="danger" onClick={() => setClosing(true)}>Close campaign</button>
      </div>
      {!closing && <ErrorNotice error={command.error} />}
      <ConfirmDialog open={closing} title="Close this campaign?" confirm="Close campaign" pending={command.isPending} error={command.error} onConfirm={() => command.mutate('close')} onClose={() => setClosing(false)}>
        <p>No new offers can be sent from a closed campaign, and it cannot be reopened. Deals under way go on to completion. Offers still waiting for an answer must be withdrawn first.</p>
      </ConfirmDialog>
      {editing && (
        <Section title="Edit campaign">
          <p className="muted small">The budget can only go up.</p>
          <CampaignForm title="Edit campaign" initial={formOf(c)} submit="Save changes" pending={edit.isPending} errors={errors} onSubmit={(form) => edit.mutate(editBody(form, c))} onCancel={() => setEditing(false)}>
            {!Object.keys(errors).length && <ErrorNotice error={edit.error} />}
          </CampaignForm>
        </Section>
      )}
    </>
  );
}

export function CampaignPage({ campaignId, creatorId }: { campaignId: string; creatorId: string }) {
  const { viewer } = useMe();
  const campaign = useQuery({ queryKey: ['campaign', campaignId], queryFn: () => ok(api.GET('/v1/campaigns/{id}', { params: { path: { id: campaignId } } })) });
  if (campaign.isPending) return <Loading what="Loading the campaign" />;
  if (!campaign.data) return <ErrorNotice error={campaign.error} />;
  const c = campaign.data;
  return (
    <>
      <h1><UserText>{c.name}</UserText> <span className={`status status-${c.status}`}>{statusLabel(c.status)}</span></h1>
      <p className="muted"><UserText>{c.brief}</UserText></p>
      <p>{CAMPAIGN_STATUS_TEXT[c.status]}</p>
      <p>{formatDate(c.startsAt)} – {formatDate(c.endsAt)} · {c.deliverables.map((d) => `${d.quantity}× ${label(d.type)} by ${formatDate(d.dueAt)}`).join(', ')}</p>
      <dl className="budget" aria-label="Budget">
        <dt>Budget</dt><dd>{formatMoney(c.budget)}</dd>
        <dt>Committed</dt><dd>{formatMoney(c.committed)}</dd>
        <dt>Remaining</dt><dd className={c.remaining.amount < 0 ? 'warn' : undefined}>{formatMoney(c.remaining)}</dd>
      </dl>
      {canActForOrg(viewer) && <CampaignActions c={c} />}
      <p><Link to={`/campaigns/${c.id}/results`}>Results and share links</Link></p>
      <Section title="Creators">
        {c.creators.length === 0 ? <Empty>No offers sent yet.</Empty> : (
          <TableWrap label="Offers sent in this campaign">
            <table>
              <thead><tr><th scope="col">Creator</th><th scope="col">Status</th><th scope="col">Price</th><th scope="col">Respond by</th></tr></thead>
              <tbody>
                {c.creators.map((r) => (
                  <tr key={r.offerId}>
                    <th scope="row"><Link to={`/offers/${r.offerId}`}><UserText>{creatorName(r.creator)}</UserText></Link> <Link to={`/creators/${r.creatorId}`} className="small">card<span className="sr-only"> of <UserText>{creatorName(r.creator)}</UserText></span></Link></th>
                    <td><span className={`status status-${r.status}`}>{statusLabel(r.status)}</span> ({r.tab})</td>
                    <td>{formatMoney(r.price)}{r.belowRateCard ? <span className="badge warn">below rate card</span> : null}</td>
                    <td>{formatDate(r.respondBy)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Section>
      {canActForOrg(viewer) && c.status === 'active' && <Section title="Send an offer"><SendOffer campaignId={c.id} deliverables={c.deliverables} remaining={c.remaining} initialCreatorId={creatorId} /></Section>}
    </>
  );
}
