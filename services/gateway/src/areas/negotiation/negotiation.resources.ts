import { ownAccount } from '../../auth/common.resources.js';
import { authorize } from '../../routes/route.js';

/**
 * Offers under negotiation only say who their parties are inside negotiation, which decides
 * every offer route itself with libs/authz's offer policy (404 to strangers, 403 to a party
 * without the role or scope, the grant confirmed with identity for writes). The gateway asks
 * for a signed-in caller; asking negotiation for the parties first would only add a call.
 * Other services answering for an offer (metrics' performance) hold their own copy of the
 * parties and apply the same policy, so their routes use this too.
 */
export const offerParty = authorize('account:read', ownAccount);
