import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, ok } from './api/client';
import type { Scope } from './api/types';

/**
 * A write: runs `fn`, then refreshes every query (a write on an offer changes the card's
 * counts, the roster's summary, the campaign's statuses — cheaper to reload than to track).
 */
export function useAction<A = void, R = unknown>(fn: (arg: A) => Promise<R>, onDone?: (result: R) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result) => {
      await queryClient.invalidateQueries();
      onDone?.(result);
    },
  });
}

/** Field errors of a failed write, keyed by the gateway's dotted paths. */
export const fieldErrorsOf = (error: unknown): Record<string, string> => (error instanceof ApiError ? error.fieldErrors() : {});

/**
 * The scopes the caller's agency holds for a creator (null for brands and creators): the
 * portal offers a write only when the grant allows it.
 */
export function useAgencyScopes(creatorId: string | undefined, enabled: boolean): Scope[] | null {
  const grants = useQuery({ queryKey: ['delegations', 'active'], queryFn: () => ok(api.GET('/v1/delegations', { params: { query: { status: 'active', limit: 200 } } })), enabled });
  if (!enabled) return null;
  return grants.data?.items.find((g) => g.creatorId === creatorId)?.scopes ?? [];
}
