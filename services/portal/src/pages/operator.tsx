import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import type { ApiKey, ApiKeyScope } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatDateTime } from '../format';
import { API_KEY_SCOPE_TEXT } from '../wording';
import { fieldErrorsOf, useAction } from '../hooks';
import { Empty, ErrorNotice, Field, Loading, Section, TableWrap, UserText } from '../ui';

const KEY_SCOPES = Object.entries(API_KEY_SCOPE_TEXT).map(([scope, text]) => ({ scope: scope as ApiKeyScope, text }));

/**
 * The key just issued, in this component's state only: it is never cached, stored or fetched
 * again (identity keeps a hash), so leaving the page or pressing Done is the last of it.
 */
function IssuedKey({ issued, onDone }: { issued: { name: string; key: string }; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(issued.key);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <div className="notice issued-key" role="region" aria-label="New API key">
      <p>
        <strong>
          Key for <UserText>{issued.name}</UserText>
        </strong>{' '}
        — copy it now: this is the only time it is shown. Put it in the connector’s secret settings; it goes in the <code>X-Api-Key</code> header.
      </p>
      <Field label="API key">{(a) => <input {...a} className="mono key" readOnly value={issued.key} onFocus={(e) => e.target.select()} />}</Field>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy key
        </button>
        <button type="button" onClick={onDone}>
          Done, I stored it
        </button>
      </div>
      <p role="status" className="small">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'The browser did not allow copying: select the key and copy it by hand.' : ''}
      </p>
    </div>
  );
}

function IssueKeyForm({ onIssued }: { onIssued: (issued: { name: string; key: string }) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['metrics:ingest']);
  const [tried, setTried] = useState(false);
  const issue = useAction(
    () => ok(api.POST('/v1/api-keys', { body: { name: name.trim(), scopes } })),
    (created) => {
      onIssued({ name: created.name, key: created.key });
      setName('');
      setTried(false);
    },
  );
  const remote = fieldErrorsOf(issue.error);
  const local: Record<string, string> = {};
  if (!name.trim()) local.name = 'Name the connector that will use this key';
  if (!scopes.length) local.scopes = 'Choose at least one permission';
  const errors = { ...remote, ...(tried ? local : {}) };
  return (
    <form
      aria-label="Issue an API key"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (!Object.keys(local).length) issue.mutate();
      }}
    >
      <Field label="Name" error={errors.name} hint="Who uses it, e.g. Nightly TikTok connector">
        {(a) => <input {...a} name="name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <fieldset className="scopes">
        <legend>Permissions</legend>
        {KEY_SCOPES.map(({ scope, text }) => (
          <label key={scope} className="inline">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => setScopes(e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))} /> {text}
          </label>
        ))}
        {errors.scopes && <span className="field-error">{errors.scopes}</span>}
      </fieldset>
      {!Object.keys(remote).length && <ErrorNotice error={issue.error} />}
      <button type="submit" className="primary" disabled={issue.isPending}>
        Issue key
      </button>
    </form>
  );
}

function RevokeKey({ apiKey }: { apiKey: ApiKey }) {
  const [open, setOpen] = useState(false);
  const revoke = useAction(() => ok(api.DELETE('/v1/api-keys/{keyId}', { params: { path: { keyId: apiKey.id } } })), () => setOpen(false));
  return (
    <>
      <button type="button" className="danger" aria-label={`Revoke ${apiKey.name}`} onClick={() => setOpen(true)}>
        Revoke…
      </button>
      <ConfirmDialog open={open} title={`Revoke ${apiKey.name}?`} confirm="Revoke key" cancel="Keep key" pending={revoke.isPending} error={revoke.error} onConfirm={() => revoke.mutate()} onClose={() => setOpen(false)}>
        <p>Requests with this key are refused (401) at once. The connector needs a new key to send figures again; what it sent so far stays.</p>
      </ConfirmDialog>
    </>
  );
}

/** Platform operators: API keys for data connectors — issue (the key shown once), list without secrets, revoke. */
export function ApiKeysPage() {
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => ok(api.GET('/v1/api-keys', { params: { query: { limit: 200 } } })) });
  const [issued, setIssued] = useState<{ name: string; key: string } | null>(null);
  return (
    <>
      <h1>API keys</h1>
      <p className="muted">Data connectors send creators’ video, follower and audience figures with an API key. Only platform operators issue and revoke them.</p>
      {issued && <IssuedKey issued={issued} onDone={() => setIssued(null)} />}
      <Section title="Issue a key">
        <IssueKeyForm onIssued={setIssued} />
      </Section>
      <Section title="Keys">
        {keys.isPending ? (
          <Loading what="Loading the keys" />
        ) : !keys.data ? (
          <ErrorNotice error={keys.error} onRetry={() => keys.refetch()} />
        ) : keys.data.items.length === 0 ? (
          <Empty>No key issued yet.</Empty>
        ) : (
          <TableWrap label="API keys">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Permissions</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.items.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">
                      <UserText>{k.name}</UserText>
                    </th>
                    <td>{k.scopes.map((s) => API_KEY_SCOPE_TEXT[s]).join('; ')}</td>
                    <td>{formatDateTime(k.createdAt)}</td>
                    <td>{k.revokedAt ? <span className="status status-revoked">revoked {formatDateTime(k.revokedAt)}</span> : <span className="status status-active">active</span>}</td>
                    <td>{!k.revokedAt && <RevokeKey apiKey={k} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Section>
    </>
  );
}
