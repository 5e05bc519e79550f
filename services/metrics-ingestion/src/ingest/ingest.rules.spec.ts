import { randomUUID } from 'node:crypto';
import { regressionOf, screenBatch } from './ingest.rules.js';

const now = new Date('2026-11-30T12:00:00.000Z');
const creatorId = randomUUID();
const video = (over: Record<string, unknown> = {}) => ({
  observationId: randomUUID(),
  creatorId,
  videoId: '7301234567890123456',
  postedAt: '2026-11-20T18:00:00.000Z',
  observedAt: '2026-11-29T06:00:00.000Z',
  views: 1000,
  sixSecondViews: 400,
  completedViews: 100,
  likes: 50,
  comments: 5,
  shares: 2,
  avgWatchSeconds: 7.5,
  ...over,
});

describe('screening a batch', () => {
  it('keeps the good records and names each bad one by index and reason', () => {
    const good = video();
    const batch = [good, video({ views: -3 }), 'nonsense', video({ sixSecondViews: 5000 }), video({ observedAt: '2026-11-30T12:10:00.000Z' })];
    const out = screenBatch('videos', batch, now);
    expect(out.valid).toEqual([{ index: 0, record: good }]);
    expect(out.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(out.rejected[0]!.reason).toMatch(/^views: /);
    expect(out.rejected[2]!.reason).toBe('sixSecondViews: cannot exceed views');
    expect(out.rejected[3]!.reason).toBe('observedAt: is in the future');
  });

  it('tolerates a few minutes of connector clock skew', () => {
    expect(screenBatch('videos', [video({ observedAt: '2026-11-30T12:04:00.000Z' })], now).valid).toHaveLength(1);
  });

  it('counts a repeated observationId in the same batch once', () => {
    const v = video();
    const out = screenBatch('videos', [v, { ...v }, video()], now);
    expect(out.valid.map((x) => x.index)).toEqual([0, 2]);
    expect(out.repeatedInBatch).toBe(1);
  });

  it('names unknown fields', () => {
    const out = screenBatch('followers', [{ observationId: randomUUID(), creatorId, observedAt: now.toISOString(), followers: 5, extra: 1 }], now);
    expect(out.rejected).toEqual([{ index: 0, reason: 'extra: Unknown field' }]);
  });
});

describe('counter regressions', () => {
  const before = { ...video(), observedAt: '2026-11-29T06:00:00.000Z' };
  it('flags any counter that went down, naming it', () => {
    expect(regressionOf(before, { ...before, views: 990, likes: 49 })).toBe(
      'counters went down since the observation of 2026-11-29T06:00:00.000Z: views 1000 → 990, likes 50 → 49',
    );
  });
  it('does not flag equal or growing counters', () => {
    expect(regressionOf(before, { ...before })).toBeNull();
    expect(regressionOf(before, { ...before, views: 2000 })).toBeNull();
  });
});
