import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, refreshSession, tokenStore } from '../api/client';
import { followNotifications } from '../notification-stream';
import { Link } from '../router';

/** Every query under this key is about the caller's notifications: the bell's count and the page's list. */
export const NOTIFICATIONS_KEY = ['notifications'] as const;

/**
 * The header's bell: the unread count, kept current by the live stream (a new notification, or
 * a reconnect that may have missed some, refetches it). Unmounting — signing out — ends the stream.
 */
export function Bell() {
  const queryClient = useQueryClient();
  const unread = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'unread-count'],
    queryFn: async () => (await ok(api.GET('/v1/notifications', { params: { query: { unread: true, limit: 1 } } }))).unreadCount,
  });
  useEffect(() => {
    const stop = new AbortController();
    const refetch = () => void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    void followNotifications({ token: () => tokenStore.get()?.accessToken ?? null, refresh: refreshSession, onOpen: refetch, onNotification: refetch, signal: stop.signal });
    return () => stop.abort();
  }, [queryClient]);
  const count = unread.data ?? 0;
  return (
    <>
      <Link to="/notifications" className="bell">
        <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 24 24" className="bell-icon">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>{' '}
        Notifications
        <span className={`count${count ? ' unread' : ''}`} data-testid="unread-count">
          <span className="sr-only">, unread: </span>
          {unread.data ?? '—'}
        </span>
      </Link>
      <span className="sr-only" role="status" aria-live="polite">
        {count ? `${count} unread notification${count === 1 ? '' : 's'}` : ''}
      </span>
    </>
  );
}
