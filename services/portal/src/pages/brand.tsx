import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import { DELIVERABLES, type Deliverable, type FoundCreator } from '../api/types';
import { CreatorPicker } from '../components/CreatorPicker';
import { creatorName, formatDate, formatMoney, label, parseMoneyInput, statusLabel } from '../format';
import { fieldErrorsOf, useAction } from '../hooks';
import { canActForOrg } from '../permissions';
import { Link, useRouter } from '../router';
import { useMe } from '../session';
import { Empty, ErrorNotice, Field, Loading, Section, TableWrap, UserText } from '../ui';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const endOfDay = (date: string) => new Date(`${date}T23:59:59Z`).toISOString();

function CreateCampaign() {
  const { navigate } = useRouter();
  const [form, setForm] = useState({ name: '', brief: '', budget: '', startsAt: inDays(1), endsAt: inDays(30), type: 'video' as Deliverable, quantity: '1', dueAt: inDays(21) });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const create = useAction(
    () =>
      ok(
        api.POST('/v1/campaigns', {
          body: {
            name: form.name,
            brief: form.brief,
            budget: { amount: parseMoneyInput(form.budget, 'USD') ?? -1, currency: 'USD' },
            startsAt: endOfDay(form.startsAt),
            endsAt: endOfDay(form.endsAt),
            deliverables: [{ type: form.type, quantity: Number(form.quantity), dueAt: endOfDay(form.dueAt) }],
          },
        }),
      ),
    (c) => navigate(`/campaigns/${c.id}`),
  );
  const errors = fieldErrorsOf(create.error);
  return (
    <form aria-label="New campaign" className="grid-form" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
      <Field label="Name" error={errors.name}>{(p) => <input {...p} name="name" value={form.name} onChange={set('name')} />}</Field>
      <Field label="Brief" error={errors.brief}>{(p) => <textarea {...p} name="brief" rows={2} value={form.brief} onChange={set('brief')} />}</Field>
      <Field label="Budget (USD)" error={errors['budget.amount'] ?? errors.budget}>{(p) => <input {...p} name="budget" inputMode="decimal" value={form.budget} onChange={set('budget')} />}</Field>
      <Field label="Starts" error={errors.startsAt}>{(p) => <input {...p} type="date" value={form.startsAt} onChange={set('startsAt')} />}</Field>
      <Field label="Ends" error={errors.endsAt}>{(p) => <input {...p} type="date" value={form.endsAt} onChange={set('endsAt')} />}</Field>
      <Field label="Deliverable" error={errors['deliverables.0.type']}>
        {(p) => <select {...p} value={form.type} onChange={set('type')}>{DELIVERABLES.map((d) => <option key={d} value={d}>{label(d)}</option>)}</select>}
      </Field>
      <Field label="Quantity" error={errors['deliverables.0.quantity']}>{(p) => <input {...p} inputMode="numeric" value={form.quantity} onChange={set('quantity')} />}</Field>
      <Field label="Due" error={errors['deliverables.0.dueAt']}>{(p) => <input {...p} type="date" value={form.dueAt} onChange={set('dueAt')} />}</Field>
      {!Object.keys(errors).length && <ErrorNotice error={create.error} />}
      <button type="submit" className="primary" disabled={create.isPending}>Create campaign</button>
    </form>
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
            <thead><tr><th scope="col">Campaign</th><th scope="col">Budget</th><th scope="col">Runs</th><th scope="col">Pending</th><th scope="col">Active</th><th scope="col">Completed</th><th scope="col">Inactive</th></tr></thead>
            <tbody>
              {campaigns.data.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row"><Link to={`/campaigns/${c.id}`}><UserText>{c.name}</UserText></Link></th>
                  <td>{formatMoney(c.budget)}</td>
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

function SendOffer({ campaignId, deliverables, initialCreatorId }: { campaignId: string; deliverables: { type: Deliverable; quantity: number; dueAt: string }[]; initialCreatorId: string }) {
  const { navigate } = useRouter();
  const linked = useLinkedCreator(initialCreatorId);
  // undefined: the linked creator, until the person picks (or clears) one themselves.
  const [picked, setPicked] = useState<FoundCreator | null | undefined>(undefined);
  const chosen = picked === undefined ? linked : picked;
  const creatorId = chosen?.id ?? '';
  const [price, setPrice] = useState('');
  const rates = useQuery({ queryKey: ['rates', creatorId], queryFn: () => ok(api.GET('/v1/creators/{creatorId}/rates', { params: { path: { creatorId } } })), enabled: !!chosen, retry: false });
  const amount = parseMoneyInput(price, 'USD');
  const cardPrice = rates.data ? deliverables.reduce<number | null>((sum, d) => {
    const item = rates.data!.items.find((i) => i.deliverable === d.type);
    return sum === null || !item ? null : sum + item.price.amount * d.quantity;
  }, 0) : null;
  const below = amount !== null && cardPrice !== null && cardPrice > 0 && amount < cardPrice;
  const send = useAction(
    () => ok(api.POST('/v1/campaigns/{id}/offers', { params: { path: { id: campaignId } }, body: { creatorId, price: { amount: amount ?? -1, currency: 'USD' }, deliverables } })),
    (offer) => navigate(`/offers/${offer.id}`),
  );
  const errors = fieldErrorsOf(send.error);
  return (
    <form aria-label="Send an offer" onSubmit={(e) => { e.preventDefault(); send.mutate(); }}>
      <CreatorPicker chosen={chosen} onChoose={setPicked} error={errors.creatorId} />
      <Field label="Price (USD)" error={errors['price.amount'] ?? errors.price}>{(p) => <input {...p} name="price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />}</Field>
      <p className="muted small">Deliverables: {deliverables.map((d) => `${d.quantity}× ${label(d.type)}`).join(', ')}{cardPrice ? ` · rate card ${formatMoney({ amount: cardPrice, currency: 'USD' })}` : ''}</p>
      {below && <p className="notice warn" role="alert">This price is below the creator's rate card ({formatMoney({ amount: cardPrice!, currency: 'USD' })}); they are likely to counter.</p>}
      {!Object.keys(errors).length && <ErrorNotice error={send.error} />}
      <button type="submit" className="primary" disabled={send.isPending || !chosen}>Send offer</button>
    </form>
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
      <h1><UserText>{c.name}</UserText></h1>
      <p className="muted"><UserText>{c.brief}</UserText></p>
      <p>Budget {formatMoney(c.budget)} · {formatDate(c.startsAt)} – {formatDate(c.endsAt)}</p>
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
      {canActForOrg(viewer) && <Section title="Send an offer"><SendOffer campaignId={c.id} deliverables={c.deliverables} initialCreatorId={creatorId} /></Section>}
    </>
  );
}
