import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from './api/client';

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
