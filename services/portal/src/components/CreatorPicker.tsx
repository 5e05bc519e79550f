import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import type { FoundCreator } from '../api/types';
import { creatorName } from '../format';
import { Empty, ErrorNotice, Field, Loading, UserText } from '../ui';

/** Fewest characters worth a search: one letter matches most of the marketplace. */
const MIN_QUERY = 2;

/** A creator as the picker shows them: the name, and the handle beside it. */
function CreatorName({ creator }: { creator: FoundCreator }) {
  return (
    <>
      <UserText>{creatorName(creator)}</UserText>
      {creator.displayName && creator.handle ? <span className="muted small"> <UserText prefix="@">{creator.handle}</UserText></span> : null}
    </>
  );
}

/**
 * Who an offer goes to, found by name or handle (`GET /v1/profiles`): creators listed in the
 * marketplace by any part of either, any creator by the exact handle they gave out. A creator
 * chosen elsewhere (discovery, their card) arrives already picked.
 */
export function CreatorPicker({ chosen, onChoose, error }: { chosen: FoundCreator | null; onChoose: (creator: FoundCreator | null) => void; error?: string }) {
  const [q, setQ] = useState('');
  const text = q.trim();
  const found = useQuery({
    queryKey: ['find-creators', text],
    queryFn: () => ok(api.GET('/v1/profiles', { params: { query: { q: text, limit: 8 } } })),
    enabled: !chosen && text.length >= MIN_QUERY,
    placeholderData: keepPreviousData,
  });
  if (chosen) {
    return (
      <div className="field">
        <p id="chosen-creator">
          To <strong><CreatorName creator={chosen} /></strong>{' '}
          <button type="button" className="link" onClick={() => onChoose(null)}>
            Choose another creator
          </button>
        </p>
        {error && <span className="field-error">{error}</span>}
      </div>
    );
  }
  return (
    <>
      <Field label="Creator" error={error} hint="Part of a name or handle, or the exact handle a creator gave you">
        {(p) => <input {...p} type="search" name="creatorSearch" autoComplete="off" value={q} onChange={(e) => setQ(e.target.value)} />}
      </Field>
      {text.length >= MIN_QUERY &&
        (found.isPending ? (
          <Loading what="Finding creators" />
        ) : !found.data ? (
          <ErrorNotice error={found.error} onRetry={() => void found.refetch()} />
        ) : !found.data.items.length ? (
          <Empty>No creator found by that name or handle.</Empty>
        ) : (
          <ul className="picker" aria-label="Creators found">
            {found.data.items.map((c) => (
              <li key={c.id}>
                <button type="button" className="link" onClick={() => onChoose(c)}>
                  <CreatorName creator={c} />
                </button>
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}
