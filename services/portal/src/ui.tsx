import { useId, useState, type ReactNode } from 'react';
import { ApiError } from './api/client';

/**
 * Text a person typed — a name, a handle, a brief, a message, a comment — shown isolated
 * (`<bdi>`): its own direction is worked out from its content, and no right-to-left character
 * or leftover bidirectional control in it can reorder the page text around it.
 */
export function UserText({ children, prefix = '' }: { children: string | null | undefined; prefix?: string }) {
  if (children === null || children === undefined || children === '') return null;
  return <bdi>{prefix + children}</bdi>;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A failed request as a person reads it: what went wrong, and the trace id to quote. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : null;
  const text = problem ? (problem.detail ?? problem.title ?? `Request failed (${problem.status})`) : error instanceof Error ? error.message : String(error);
  return (
    <div className="notice error" role="alert">
      <p>{text}</p>
      {problem?.traceId && <p className="muted small">Trace {problem.traceId}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A part of a page whose service is down: says so, and that the rest of the page is current. */
export function Unavailable({ what, rest, onRetry }: { what: string; rest: string; onRetry?: () => void }) {
  return (
    <div className="notice warn" role="status">
      <p>
        {what} is unavailable right now; the rest of the {rest} is current. It will show again when the service answers.
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A 409 on a stale version: say so and offer the latest instead of a generic error. */
export function ConflictNotice({ error, onReload }: { error: unknown; onReload: () => void }) {
  if (!(error instanceof ApiError) || error.status !== 409) return <ErrorNotice error={error} />;
  return (
    <div className="notice warn" role="alert">
      <p>Someone changed this in the meantime: {error.problem.detail ?? 'your copy is out of date'}.</p>
      <button type="button" onClick={onReload}>
        Reload the latest
      </button>
    </div>
  );
}

/** A labelled input with its field error right under it, tied by aria-describedby. */
export function Field({ label, error, children, hint }: { label: string; error?: string; hint?: string; children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {}) })}
      {hint && !error && <span className="hint">{hint}</span>}
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}

export function Tabs<T extends string>({ tabs, current, onChange, label, counts }: { tabs: readonly T[]; current: T; onChange: (t: T) => void; label: string; counts?: Partial<Record<T, number | null>> }) {
  const onKey = (e: React.KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : -1;
    if (next < 0) return;
    e.preventDefault();
    onChange(tabs[next]);
    (e.currentTarget.parentElement?.children[next] as HTMLElement | undefined)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="tabs">
      {tabs.map((t, i) => (
        <button key={t} role="tab" type="button" id={`tab-${t}`} aria-selected={t === current} tabIndex={t === current ? 0 : -1} onClick={() => onChange(t)} onKeyDown={(e) => onKey(e, i)}>
          {t[0].toUpperCase() + t.slice(1)}
          {counts && counts[t] !== undefined && <span className="count">{counts[t] ?? '—'}</span>}
        </button>
      ))}
    </div>
  );
}

/**
 * A table that scrolls sideways when the screen is narrow. The scroll area takes the keyboard
 * focus, so arrow keys reach the columns off screen, and is named for screen readers.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card-section" aria-label={title}>
      <header>
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** Keyset paging: the cursors of the pages walked so far, so Previous goes back without asking the server how. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    page: cursors.length,
    reset: () => setCursors([undefined]),
    previous: () => setCursors(cursors.slice(0, -1)),
    next: (cursor: string) => setCursors([...cursors, cursor]),
  };
}

export function Pager({ label, pages, nextCursor }: { label: string; pages: ReturnType<typeof useCursorPages>; nextCursor: string | null | undefined }) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={pages.page === 1} onClick={pages.previous}>
        Previous
      </button>
      <span>Page {pages.page}</span>
      <button type="button" disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        Next
      </button>
    </nav>
  );
}
