import type { negotiationContracts, OfferView } from '#libs/contracts';
import { nameActors } from '../../composition/actor-names.js';
import type { RouteContext } from '../../routes/route.js';

/**
 * GET /v1/offers/{id}: negotiation's view, with the person and organization who asked for a
 * pending cancellation named by identity (negotiation knows them by id only).
 */
export async function namedOffer(ctx: RouteContext<typeof negotiationContracts.offersGet>): Promise<OfferView> {
  const view = await ctx.call();
  if (!view.cancellation) return view;
  const { side, ...actor } = view.cancellation.requestedBy;
  const [named] = await nameActors(ctx.send, [{ actor }]);
  return { ...view, cancellation: { ...view.cancellation, requestedBy: { ...named!.actor, side } } };
}
