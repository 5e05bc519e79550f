import { AppError } from '#libs/contracts';
import type { Decision } from './policy.js';

/**
 * The refusals every adapter renders. A resource of another tenant and an unknown id get
 * the very same error, so a response never tells them apart.
 */
export function notFound(): AppError {
  return new AppError('not_found', 'Not found', 'No such resource');
}

export function forbidden(): AppError {
  return new AppError('forbidden', 'Forbidden', 'You may not do this on this resource');
}

export function unauthenticated(): AppError {
  return new AppError('unauthenticated', 'Authentication required', 'Send a valid access token');
}

/** Throws the matching AppError unless the decision allows; returns the allowed decision. */
export function enforce(decision: Decision): Extract<Decision, { allowed: true }> {
  if (decision.allowed) return decision;
  switch (decision.status) {
    case 401:
      throw unauthenticated();
    case 403:
      throw forbidden();
    case 404:
      throw notFound();
  }
}
