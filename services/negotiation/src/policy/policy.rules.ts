import { AppError, formatMoney, type Money, type Side, type Terms } from '#libs/contracts';

export interface MinimumPrice {
  deliverable: string;
  price: Money;
}

export interface NegotiationPolicyFacts {
  requireConfirmation: boolean;
  minimumPrices: readonly MinimumPrice[];
  /** 0 for the defaults of a creator who never set a policy. */
  version: number;
}

export const DEFAULT_POLICY: NegotiationPolicyFacts = { requireConfirmation: false, minimumPrices: [], version: 0 };

/**
 * The creator's floor for these terms: the sum, over the deliverables the terms name, of the
 * creator's minimum for that type times its quantity. Null when no minimum covers them.
 * A minimum in another currency than the price cannot be compared, so it is reported as
 * such rather than ignored (ignoring it would let the creator side slip under the floor).
 */
export function floorFor(policy: NegotiationPolicyFacts, terms: Terms): { floor: Money; currencyMismatch: string[] } | null {
  let amount = 0;
  let covered = false;
  const currencyMismatch: string[] = [];
  for (const d of terms.deliverables) {
    const min = policy.minimumPrices.find((m) => m.deliverable === d.type);
    if (!min) continue;
    covered = true;
    if (min.price.currency !== terms.price.currency) currencyMismatch.push(`${d.type} (${min.price.currency})`);
    else amount += min.price.amount * d.quantity;
  }
  return covered ? { floor: { amount, currency: terms.price.currency }, currencyMismatch } : null;
}

export type ConsentDecision = 'propose' | 'accept';

/**
 * Minimum prices bind the creator's side — the creator and any agency acting for them — and
 * not the brand, which may offer what it likes. A creator-side proposal or accept below the
 * floor is refused with the floor named; a creator who wants to take less lowers their own
 * minimum first, so the policy their agency reads is always the one that applied.
 */
export function assertAboveFloor(policy: NegotiationPolicyFacts, terms: Terms, side: Side, decision: ConsentDecision): void {
  if (side !== 'creator') return;
  const result = floorFor(policy, terms);
  if (!result) return;
  if (result.currencyMismatch.length) {
    throw new AppError('unprocessable', 'Below the creator\'s minimum price', `the creator's minimum for ${result.currencyMismatch.join(', ')} is in another currency than ${terms.price.currency}; the creator's side cannot ${decision} these terms`, [
      { path: 'terms.price.currency', message: `Minimum prices are set in another currency for ${result.currencyMismatch.join(', ')}` },
    ]);
  }
  if (terms.price.amount < result.floor.amount) {
    const floor = formatMoney(result.floor);
    throw new AppError('unprocessable', "Below the creator's minimum price", `the creator's minimum for these deliverables is ${floor}; the creator's side cannot ${decision} ${formatMoney(terms.price)}`, [
      { path: 'terms.price.amount', message: `Minimum is ${floor}` },
    ]);
  }
}

/** An agency's accept waits for the creator when the creator asked for that; the creator's own accept never does. */
export function needsConfirmation(policy: NegotiationPolicyFacts, byAgency: boolean): boolean {
  return byAgency && policy.requireConfirmation;
}
