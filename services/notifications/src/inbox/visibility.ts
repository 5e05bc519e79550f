import type { Principal } from '#libs/contracts';
import { GRANT_COPY_TABLE } from '#libs/service-defaults';
import { S } from '../common/sql.js';

/**
 * The one rule for which of a user's notifications they may still see, as SQL over
 * `notifications n`: their own (`self`) always; an organization's while they are a member of it
 * (the principal's organization, which identity re-issues on every membership change); an
 * agency's about a creator only while the agency's grant for that creator is active, so a
 * revoked agency cannot read what it was told before. Parameters: `visibleParams(principal)`.
 */
export const VISIBLE = `n."user_id" = ? and (n."audience" = 'self' or (n."org_id" = ? and (n."audience" = 'org' or exists (
  select 1 from ${S}."${GRANT_COPY_TABLE}" g where g."agency_id" = n."org_id" and g."creator_id" = n."creator_id" and g."status" = 'active' and (g."expires_at" is null or g."expires_at" > now())))))`;

export const visibleParams = (principal: Principal): unknown[] => [principal.userId, principal.orgId ?? null];
