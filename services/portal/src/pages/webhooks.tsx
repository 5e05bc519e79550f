import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import { formatDateTime } from '../format';
import { fieldErrorsOf, useAction } from '../hooks';
import { canAdminOrg } from '../permissions';
import { useMe } from '../session';
import { Empty, ErrorNotice, Field, Loading, Section, TableWrap, UserText } from '../ui';
import { ConfirmDialog } from '../components/ConfirmDialog';

/** A secret is shown once, right after it is made; the page keeps it only until it is dismissed. */
function SecretNotice({ secret, onDone }: { secret: { id: string; secret: string; note: string } | null; onDone: () => void }) {
  if (!secret) return null;
  return (
    <div className="notice" role="status">
      <p>{secret.note} Copy it now: it is not shown again.</p>
      <p><code aria-label="Signing secret">{secret.secret}</code></p>
      <button type="button" onClick={onDone}>Done</button>
    </div>
  );
}

/** An endpoint's deliveries, newest first, with each attempt's answer and a retry. */
function Deliveries({ orgId, webhookId }: { orgId: string; webhookId: string }) {
  const deliveries = useQuery({
    queryKey: ['webhook-deliveries', webhookId],
    queryFn: () => ok(api.GET('/v1/orgs/{orgId}/webhooks/{id}/deliveries', { params: { path: { orgId, id: webhookId }, query: { limit: 50 } } })),
    refetchInterval: 2_000,
  });
  const retry = useAction((deliveryId: string) => ok(api.POST('/v1/orgs/{orgId}/webhooks/{id}/deliveries/{deliveryId}/retry', { params: { path: { orgId, id: webhookId, deliveryId } } })));
  if (deliveries.isPending) return <Loading what="Loading deliveries" />;
  if (!deliveries.data) return <ErrorNotice error={deliveries.error} />;
  if (!deliveries.data.items.length) return <Empty>No deliveries yet. Send a test ping.</Empty>;
  return (
    <>
      <TableWrap label="Deliveries">
        <table>
          <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col">Attempts</th><th scope="col">Next attempt</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {deliveries.data.items.map((d) => (
              <tr key={d.id}>
                <th scope="row"><code>{d.eventType}</code></th>
                <td>{d.status}</td>
                <td>{formatDateTime(d.createdAt)}</td>
                <td>{d.attempts.length ? d.attempts.map((a) => a.responseStatus ?? a.error ?? 'no answer').join(', ') : '—'}</td>
                <td>{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—'}</td>
                <td><button type="button" onClick={() => retry.mutate(d.id)} disabled={retry.isPending}>Retry</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <ErrorNotice error={retry.error} />
    </>
  );
}

/**
 * The organization's webhook endpoints (owners and admins): create one (its secret shown once),
 * send a test ping, rotate the secret, read the delivery log and retry, remove.
 */
export function WebhooksPage() {
  const { me, viewer } = useMe();
  const orgId = me.organization?.id ?? '';
  const admin = canAdminOrg(viewer) && !!me.organization;
  const endpoints = useQuery({ queryKey: ['webhooks', orgId], queryFn: () => ok(api.GET('/v1/orgs/{orgId}/webhooks', { params: { path: { orgId } } })), enabled: admin, refetchInterval: 5_000 });
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('*');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<{ id: string; secret: string; note: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ id: string; url: string } | null>(null);
  const create = useAction(
    () => ok(api.POST('/v1/orgs/{orgId}/webhooks', { params: { path: { orgId } }, body: { url, events: events.split(/[\s,]+/).filter(Boolean), description } })),
    (made) => {
      setSecret({ ...made, note: 'The endpoint is registered; below is its signing secret.' });
      setUrl('');
      setDescription('');
    },
  );
  const rotate = useAction(
    (id: string) => ok(api.POST('/v1/orgs/{orgId}/webhooks/{id}/rotate-secret', { params: { path: { orgId, id } } })),
    (made) => setSecret({ id: made.id, secret: made.secret, note: `New secret; the previous one also signs until ${formatDateTime(made.previousSecretExpiresAt)}.` }),
  );
  const ping = useAction((id: string) => ok(api.POST('/v1/orgs/{orgId}/webhooks/{id}/test', { params: { path: { orgId, id } } })), (d) => setOpen(d.endpointId));
  const remove = useAction((id: string) => ok(api.DELETE('/v1/orgs/{orgId}/webhooks/{id}', { params: { path: { orgId, id } } })), () => setRemoving(null));
  if (!admin) return <><h1>Webhooks</h1><Empty>Only owners and admins manage webhooks. Your role: {me.role ?? 'none'}.</Empty></>;
  const errors = fieldErrorsOf(create.error);
  const eventsError = errors.events ?? Object.entries(errors).find(([k]) => k.startsWith('events.'))?.[1];
  return (
    <>
      <h1>Webhooks of <UserText>{me.organization!.name}</UserText></h1>
      <SecretNotice secret={secret} onDone={() => setSecret(null)} />
      {endpoints.isPending ? <Loading /> : !endpoints.data ? <ErrorNotice error={endpoints.error} /> : !endpoints.data.items.length ? <Empty>No endpoints yet.</Empty> : (
        <TableWrap label="Endpoints">
          <table>
            <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">State</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {endpoints.data.items.map((e) => (
                <tr key={e.id}>
                  <th scope="row"><UserText>{e.url}</UserText>{e.description && <div className="muted small"><UserText>{e.description}</UserText></div>}</th>
                  <td>{e.events.join(', ')}</td>
                  <td>
                    {e.disabledAt ? `Switched off ${formatDateTime(e.disabledAt)}` : e.consecutiveFailures ? `${e.consecutiveFailures} failures in a row` : 'Active'}
                    {e.previousSecretExpiresAt && <div className="muted small">Previous secret signs until {formatDateTime(e.previousSecretExpiresAt)}</div>}
                  </td>
                  <td>
                    <button type="button" onClick={() => ping.mutate(e.id)}>Send test ping</button>{' '}
                    <button type="button" onClick={() => setOpen(open === e.id ? null : e.id)} aria-expanded={open === e.id}>Deliveries</button>{' '}
                    <button type="button" onClick={() => rotate.mutate(e.id)}>Rotate secret</button>{' '}
                    <button type="button" className="danger" onClick={() => setRemoving({ id: e.id, url: e.url })}>Remove</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <ErrorNotice error={ping.error ?? rotate.error} />
      <ConfirmDialog
        open={removing !== null}
        title="Remove this endpoint?"
        confirm="Remove endpoint"
        cancel="Keep it"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => { setRemoving(null); remove.reset(); }}
      >
        <p><UserText>{removing?.url ?? ''}</UserText> will get no more deliveries, including the retries still waiting, and its delivery log is deleted. This cannot be undone.</p>
      </ConfirmDialog>
      {open && (
        <Section title="Deliveries">
          <Deliveries orgId={orgId} webhookId={open} />
        </Section>
      )}
      <Section title="Add an endpoint">
        <form aria-label="Add an endpoint" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <p className="muted small">Deliveries follow Standard Webhooks: verify the webhook-signature header with the secret, and drop a webhook-id you have already seen (retries keep it).</p>
          <Field label="URL" error={errors.url}>{(p) => <input {...p} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/hooks/talent-portal" />}</Field>
          <Field label="Events" error={eventsError} hint="Event types, prefixes such as offer.*, or * for everything; separated by commas">{(p) => <input {...p} value={events} onChange={(e) => setEvents(e.target.value)} />}</Field>
          <Field label="Description" error={errors.description}>{(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}</Field>
          {!Object.keys(errors).length && <ErrorNotice error={create.error} />}
          <button type="submit" className="primary" disabled={create.isPending}>Add endpoint</button>
        </form>
      </Section>
    </>
  );
}
