import { orderByMetric } from './roster-page.js';

const k = (creatorId: string, followers: number | null, engagementRate: number | null = null) => [creatorId, { creatorId, followers, engagementRate }] as const;

describe('ordering the roster by a metric', () => {
  it('puts the highest first, creators without the figure last, ties by id', () => {
    const kpis = new Map([k('b', 10), k('a', 10), k('c', 500), k('d', null)]);
    expect(orderByMetric(['a', 'b', 'c', 'd', 'e'], kpis, 'followers')).toEqual(['c', 'a', 'b', 'd', 'e']);
  });

  it('orders by engagement rate the same way', () => {
    const kpis = new Map([k('a', 1, 0.02), k('b', 1, 0.09), k('c', 1, null)]);
    expect(orderByMetric(['a', 'b', 'c'], kpis, 'engagementRate')).toEqual(['b', 'a', 'c']);
  });
});
