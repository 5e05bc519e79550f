import type { CreatorAction, Decision } from '#libs/authz';
import type { RosterCardPart } from '#libs/contracts';

/** The permission each roster part of the creator card is read under. */
export const PART_ACTION: Record<RosterCardPart, CreatorAction> = { profile: 'profile:read', rates: 'rates:read' };

export interface CardReads {
  /** The asked parts the caller may read, in the order asked, each once. */
  parts: RosterCardPart[];
  /**
   * When the caller may read none of them, the decision to enforce: the first asked part's, so a
   * stranger gets the same 404 as for an unknown creator and a known caller without the right a 403.
   */
  refusal: Decision | null;
}

/** Decides each asked part on its own permission: a part not allowed is left out (and so never read). */
export function cardReads(asked: readonly RosterCardPart[], decide: (action: CreatorAction) => Decision): CardReads {
  const unique = [...new Set(asked)];
  const decisions = unique.map((part) => [part, decide(PART_ACTION[part])] as const);
  const parts = decisions.filter(([, d]) => d.allowed).map(([part]) => part);
  return { parts, refusal: parts.length ? null : (decisions[0]?.[1] ?? null) };
}
