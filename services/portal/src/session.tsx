import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, onTokens, tokenStore, type Tokens } from './api/client';
import type { Me } from './api/types';
import type { Viewer } from './permissions';
import type { Reader } from './wording';

interface Session {
  me: Me | null;
  viewer: Viewer | null;
  loading: boolean;
  signIn(tokens: Tokens): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [tokens, setTokens] = useState(tokenStore.get);
  useEffect(
    () =>
      onTokens((next) => {
        setTokens(next);
        if (!next) queryClient.clear();
      }),
    [queryClient],
  );
  const me = useQuery({ queryKey: ['me', tokens !== null], queryFn: () => ok(api.GET('/v1/me')), enabled: tokens !== null, staleTime: 60_000 });
  const data = tokens ? (me.data ?? null) : null;
  const session: Session = {
    me: data,
    viewer: data ? { kind: data.user.kind, role: data.role, orgKind: data.organization?.kind ?? null, operator: data.platformOperator === true } : null,
    loading: tokens !== null && me.isPending,
    signIn(next) {
      queryClient.clear();
      tokenStore.set(next);
    },
    async signOut() {
      const current = tokenStore.get();
      if (current) await api.POST('/v1/auth/logout', { body: { refreshToken: current.refreshToken } }).catch(() => undefined);
      tokenStore.set(null);
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in account; pages behind the sign-in gate only. `reader` is who a line about people is said to. */
export function useMe() {
  const { me, viewer } = useSession();
  return { me: me!, viewer: viewer!, reader: { userId: me!.user.id, orgId: me!.organization?.id ?? null } as Reader };
}
