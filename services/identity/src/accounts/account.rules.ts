import { AppError, newPasswordSchema, PASSWORD_RULE, type UserKind } from '#libs/contracts';
import { normalizeEmail, normalizeHandle } from './normalize.js';

export interface SignupRequest {
  email: string;
  password: string;
  kind: UserKind;
  handle?: string;
  organization?: { name: string };
}

function invalid(path: string, message: string) {
  return new AppError('validation', 'Invalid input', `${path} is not valid`, [{ path, message }]);
}

/**
 * What a sign-up must satisfy before anything is stored: a valid email (normalized), a
 * password within the contracts' rule, and a handle for creators only — creators have a
 * handle and no organization; everybody else has no handle.
 */
export function checkSignup(req: SignupRequest): { email: string; handle: string | null } {
  const email = normalizeEmail(req.email);
  if (!newPasswordSchema.safeParse(req.password).success) throw invalid('password', PASSWORD_RULE);
  if (req.kind !== 'creator') {
    if (req.handle !== undefined) throw invalid('handle', 'Only creators have a handle');
    return { email, handle: null };
  }
  if (req.handle === undefined) throw invalid('handle', 'Creators need a handle');
  if (req.organization) throw invalid('organization', 'Creators do not belong to an organization');
  return { email, handle: normalizeHandle(req.handle) };
}
