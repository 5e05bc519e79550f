import { useState } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import type { EmailMode, NotificationKind } from '../api/types';
import { NOTIFICATIONS_KEY } from '../components/Bell';
import { formatDateTime } from '../format';
import { useAction } from '../hooks';
import { Link, queryParam, useRouter } from '../router';
import { Empty, ErrorNotice, Loading, Section } from '../ui';
import { EMAIL_MODE_TEXT, NOTIFICATION_KIND_TEXT } from '../wording';

const KINDS = Object.keys(NOTIFICATION_KIND_TEXT) as NotificationKind[];
const MODES = Object.keys(EMAIL_MODE_TEXT) as EmailMode[];

/** The caller's notifications, newest first, a page at a time; unread ones marked and markable. */
function NotificationList() {
  const list = useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list'],
    queryFn: ({ pageParam }) => ok(api.GET('/v1/notifications', { params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const markRead = useAction((body: { ids: string[] } | { all: true }) => ok(api.POST('/v1/notifications/read', { body })));
  if (list.isPending) return <Loading what="Loading notifications" />;
  if (!list.data) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.pages.flatMap((p) => p.items);
  const unread = list.data.pages[0].unreadCount;
  return (
    <>
      <p>
        {unread ? `${unread} unread` : 'Everything is read.'}{' '}
        {unread > 0 && (
          <button type="button" onClick={() => markRead.mutate({ all: true })} disabled={markRead.isPending}>
            Mark all read
          </button>
        )}
      </p>
      <ErrorNotice error={markRead.error} />
      {!items.length ? (
        <Empty>Nothing yet. Offers, messages, drafts and access requests that concern you show here.</Empty>
      ) : (
        <ul className="notifications">
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
              <h2 className="notification-title">
                <Link to={n.link}>{n.title}</Link>
                {!n.readAt && <span className="badge new">New</span>}
              </h2>
              <p>{n.body}</p>
              <p className="muted small">
                {formatDateTime(n.createdAt)}
                {!n.readAt && (
                  <>
                    {' '}
                    <button type="button" onClick={() => markRead.mutate({ ids: [n.id] })} disabled={markRead.isPending} aria-label={`Mark read: ${n.title}`}>
                      Mark read
                    </button>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'Show older'}
        </button>
      )}
    </>
  );
}

/** How each kind reaches the caller by e-mail; a change is saved at once. */
function EmailPreferences() {
  const prefs = useQuery({ queryKey: ['notification-preferences'], queryFn: () => ok(api.GET('/v1/notification-preferences')) });
  // The choice shows at once; a failed save puts back what the server holds.
  const [chosen, setChosen] = useState<Partial<Record<NotificationKind, EmailMode>>>({});
  const save = useAction((change: { kind: NotificationKind; mode: EmailMode }) =>
    ok(api.PUT('/v1/notification-preferences', { body: { email: { [change.kind]: change.mode } } })).catch((error: unknown) => {
      setChosen(({ [change.kind]: _, ...rest }) => rest);
      throw error;
    }),
  );
  if (prefs.isPending) return <Loading what="Loading e-mail settings" />;
  if (!prefs.data) return <ErrorNotice error={prefs.error} onRetry={() => void prefs.refetch()} />;
  return (
    <>
      <p className="muted">Whatever you choose, every notification still shows here and on the bell.</p>
      <ul className="preferences">
        {KINDS.map((kind) => (
          <li key={kind}>
            <fieldset>
              <legend>{NOTIFICATION_KIND_TEXT[kind]}</legend>
              {MODES.map((mode) => (
                <label key={mode}>
                  <input type="radio" name={`email-${kind}`} value={mode} checked={(chosen[kind] ?? prefs.data.email[kind] ?? 'instant') === mode}
                    onChange={() => {
                      setChosen((c) => ({ ...c, [kind]: mode }));
                      save.mutate({ kind, mode });
                    }} /> {EMAIL_MODE_TEXT[mode]}
                </label>
              ))}
            </fieldset>
          </li>
        ))}
      </ul>
      <ErrorNotice error={save.error} />
    </>
  );
}

export function NotificationsPage() {
  return (
    <>
      <h1>Notifications</h1>
      <NotificationList />
      <Section title="E-mail">
        <EmailPreferences />
      </Section>
    </>
  );
}

/**
 * The target of a mail's unsubscribe link. It asks before acting, so a mail scanner that opens
 * (or even renders) the link changes nothing; the token alone says whose mail it is.
 */
export function UnsubscribePage() {
  const { path } = useRouter();
  const token = queryParam(path, 'token');
  const kind = queryParam(path, 'kind') as NotificationKind | null;
  const known = kind !== null && kind in NOTIFICATION_KIND_TEXT;
  const unsubscribe = useAction(() => ok(api.POST('/v1/notification-preferences/unsubscribe', { body: { token: token!, kind: kind! } })));
  return (
    <>
      <h1>Unsubscribe</h1>
      {!token || !known ? (
        <p>This link is incomplete. Open it again from the e-mail, or change your e-mail settings after signing in.</p>
      ) : unsubscribe.data ? (
        <div className="notice" role="status">
          <p>Done: you will get no more e-mail when this happens — {NOTIFICATION_KIND_TEXT[unsubscribe.data.kind].charAt(0).toLowerCase() + NOTIFICATION_KIND_TEXT[unsubscribe.data.kind].slice(1)}.</p>
          <p>You still see these in the portal, and you can turn the e-mail back on under Notifications.</p>
        </div>
      ) : (
        <>
          <p>Stop e-mail when this happens: <strong>{NOTIFICATION_KIND_TEXT[kind]}</strong>?</p>
          <button type="button" onClick={() => unsubscribe.mutate()} disabled={unsubscribe.isPending}>
            Turn off these e-mails
          </button>
          <ErrorNotice error={unsubscribe.error} />
        </>
      )}
    </>
  );
}
