import type { RequestContract, RequestOf, ResponseOf } from '#libs/contracts';
import type { RouteContext } from '../../routes/route.js';

/** A section's call: as the caller, in the request's trace, through the subject's breaker. */
export type SectionCall = <C extends RequestContract>(contract: C, payload: RequestOf<C>) => Promise<ResponseOf<C>>;

/**
 * The calls of a composed view's sections (the creator card, the roster summaries), each within
 * CARD_SECTION_TIMEOUT_MS: a late section is reported degraded rather than holding up the answer.
 */
export function sectionCall(ctx: Pick<RouteContext<RequestContract>, 'send' | 'config'>): SectionCall {
  const timeoutMs = Number(ctx.config.CARD_SECTION_TIMEOUT_MS ?? 1_000);
  return (contract, payload) => ctx.send(contract, payload, { timeoutMs });
}
