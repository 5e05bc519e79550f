import type { RosterFigures } from '#libs/contracts';

/**
 * How the roster's figures are ordered and paged, decided on plain values: highest first,
 * creators without the figure last, ties by creator id (ascending), so every creator has one
 * place and a page continues from the key of the previous page's last creator.
 */
export type RankSort = 'followers' | 'engagementRate';

/** A creator's place in an order: the figure (null: none) and the id that breaks ties. */
export interface RankKey {
  value: number | null;
  creatorId: string;
}

export const rankKey = (sort: RankSort, f: RosterFigures): RankKey => ({ value: f[sort], creatorId: f.creatorId });

export const noFigures = (creatorId: string): RosterFigures => ({ creatorId, followers: null, engagementRate: null });

/** Negative when `a` comes first. */
export function compareRank(a: RankKey, b: RankKey): number {
  if (a.value !== b.value) {
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    return b.value - a.value;
  }
  return a.creatorId < b.creatorId ? -1 : a.creatorId > b.creatorId ? 1 : 0;
}

/**
 * Each requested creator's figures as the caller may see them: a creator the caller may not
 * read ranks as one without figures, so its place in the order says nothing about its numbers.
 */
export function visibleFigures(creatorIds: readonly string[], known: ReadonlyMap<string, RosterFigures>, mayRead: (creatorId: string) => boolean): RosterFigures[] {
  return creatorIds.map((id) => (mayRead(id) ? (known.get(id) ?? noFigures(id)) : noFigures(id)));
}

/** The page after `after` (from the start without one) and the key to continue from, null on the last page. */
export function rankPage(figures: readonly RosterFigures[], sort: RankSort, limit: number, after?: RankKey): { items: RosterFigures[]; next: RankKey | null } {
  const ordered = [...figures].sort((a, b) => compareRank(rankKey(sort, a), rankKey(sort, b)));
  const rest = after ? ordered.filter((f) => compareRank(rankKey(sort, f), after) > 0) : ordered;
  const items = rest.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rest.length > limit && last ? rankKey(sort, last) : null };
}
