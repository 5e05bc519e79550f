import { compareRank, noFigures, rankKey, rankPage, visibleFigures } from './figures.rules.js';

const f = (creatorId: string, followers: number | null, engagementRate: number | null = null) => ({ creatorId, followers, engagementRate });
const ids = (page: { items: { creatorId: string }[] }) => page.items.map((i) => i.creatorId);

describe('ranking the roster by a figure', () => {
  const roster = [f('b', 10), f('a', 10), f('c', 500), f('d', null), f('e', null), f('f', 0)];

  it('puts the highest first, creators without the figure last, ties by id', () => {
    expect(ids(rankPage(roster, 'followers', 10))).toEqual(['c', 'a', 'b', 'f', 'd', 'e']);
  });

  it('orders by engagement rate the same way', () => {
    expect(ids(rankPage([f('a', 1, 0.02), f('b', 1, 0.09), f('c', 1, null)], 'engagementRate', 10))).toEqual(['b', 'a', 'c']);
  });

  it('pages through every creator exactly once, continuing from the last key, among ties and past the figures into those without', () => {
    const seen: string[] = [];
    let after;
    for (let pages = 0; pages < 10; pages++) {
      const page = rankPage(roster, 'followers', 2, after);
      seen.push(...ids(page));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(['c', 'a', 'b', 'f', 'd', 'e']);
  });

  it('says there is no next page when the last one is exactly full', () => {
    expect(rankPage(roster, 'followers', 6).next).toBeNull();
    expect(rankPage(roster, 'followers', 5).next).toEqual({ value: null, creatorId: 'd' });
  });

  it('keeps its place when a creator joins or leaves between pages (a key, not an offset)', () => {
    const first = rankPage(roster, 'followers', 2);
    const changed = [...roster.filter((r) => r.creatorId !== 'c'), f('g', 1000), f('h', 10)];
    expect(ids(rankPage(changed, 'followers', 3, first.next!))).toEqual(['b', 'h', 'f']);
  });

  it('compares keys with null below every figure, zero included', () => {
    expect(compareRank({ value: 0, creatorId: 'z' }, { value: null, creatorId: 'a' })).toBeLessThan(0);
    expect(compareRank({ value: null, creatorId: 'a' }, { value: null, creatorId: 'b' })).toBeLessThan(0);
    expect(compareRank(rankKey('followers', f('a', 3)), rankKey('followers', f('a', 3)))).toBe(0);
  });

  it('ranks a creator the caller may not read as one without figures, whatever its numbers', () => {
    const known = new Map([f('a', 5), f('b', 1_000_000, 0.5)].map((x) => [x.creatorId, x]));
    const figures = visibleFigures(['a', 'b', 'c'], known, (id) => id !== 'b');
    expect(figures).toEqual([f('a', 5), noFigures('b'), noFigures('c')]);
    expect(ids(rankPage(figures, 'followers', 3))).toEqual(['a', 'b', 'c']);
  });
});
