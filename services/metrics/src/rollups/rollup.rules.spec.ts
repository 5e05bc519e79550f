import { randomUUID } from 'node:crypto';
import type { VideoObservation } from '#libs/contracts';
import { dayOf, planVideos, videoKey, type VideoLatest } from './rollup.rules.js';

const creatorId = randomUUID();
const obs = (videoId: string, observedAt: string, views: number, over: Partial<VideoObservation> = {}): VideoObservation => ({
  observationId: randomUUID(),
  creatorId,
  videoId,
  postedAt: '2026-11-20T18:00:00.000Z',
  observedAt,
  views,
  sixSecondViews: Math.floor(views / 2),
  completedViews: Math.floor(views / 10),
  likes: Math.floor(views / 20),
  comments: 1,
  shares: 2,
  avgWatchSeconds: 6,
  ...over,
});

/** Applies plans one after another, as the consumer does across events. */
function replay(batches: VideoObservation[][]) {
  const current = new Map<string, VideoLatest>();
  const daily = new Map<string, { views: number; videosPosted: number; observations: number; likes: number }>();
  for (const batch of batches) {
    const plan = planVideos(current, batch);
    for (const row of plan.latest) current.set(videoKey(row), row);
    for (const d of plan.daily) {
      const cur = daily.get(d.day) ?? { views: 0, videosPosted: 0, observations: 0, likes: 0 };
      daily.set(d.day, { views: cur.views + d.views, videosPosted: cur.videosPosted + d.videosPosted, observations: cur.observations + d.observations, likes: cur.likes + d.likes });
    }
  }
  return { current, daily };
}

describe('rollup plan for video observations', () => {
  const a1 = obs('a', '2026-11-21T00:00:00.000Z', 100);
  const a2 = obs('a', '2026-11-22T00:00:00.000Z', 300);
  const a3 = obs('a', '2026-11-23T00:00:00.000Z', 500);
  const b1 = obs('b', '2026-11-21T00:00:00.000Z', 40);

  it('the latest observation of each video counts, whatever the arrival order', () => {
    const inOrder = replay([[a1], [a2, b1], [a3]]);
    const shuffled = replay([[a3, b1], [a1], [a2]]);
    for (const r of [inOrder, shuffled]) {
      expect(r.current.get(videoKey(a3))).toMatchObject({ views: 500, observationId: a3.observationId, observations: 3 });
      expect(r.daily.get('2026-11-20')).toEqual({ views: 540, videosPosted: 2, observations: 4, likes: 25 + 2 });
    }
  });

  it('a newer observation with lower counters still counts (it was flagged at ingestion)', () => {
    const lower = obs('a', '2026-11-24T00:00:00.000Z', 450);
    const r = replay([[a3], [lower]]);
    expect(r.daily.get('2026-11-20')).toMatchObject({ views: 450, videosPosted: 1, observations: 2 });
  });

  it('equal observedAt: the greater observationId wins in any order', () => {
    const x = obs('c', '2026-11-21T00:00:00.000Z', 10, { observationId: '00000000-0000-4000-8000-000000000001' });
    const y = obs('c', '2026-11-21T00:00:00.000Z', 20, { observationId: '00000000-0000-4000-8000-000000000002' });
    expect(replay([[x], [y]]).current.get(videoKey(x))?.views).toBe(20);
    expect(replay([[y], [x]]).current.get(videoKey(x))?.views).toBe(20);
  });

  it('keeps each day of a video that one batch observed on several days, with that day\'s last figure', () => {
    const lateA1 = obs('a', '2026-11-21T23:00:00.000Z', 200);
    const plan = planVideos(new Map(), [a2, lateA1, a1, b1, a3]);
    const views = (videoId: string, day: string) => plan.days.find((d) => d.videoId === videoId && d.day === day)?.views;
    expect(plan.days).toHaveLength(4);
    expect([views('a', '2026-11-21'), views('a', '2026-11-22'), views('a', '2026-11-23'), views('b', '2026-11-21')]).toEqual([200, 300, 500, 40]);
    expect(plan.latest).toHaveLength(2);
  });

  it('a corrected posting day moves the video between days', () => {
    const moved = obs('a', '2026-11-25T00:00:00.000Z', 600, { postedAt: '2026-11-19T23:00:00.000Z' });
    const r = replay([[a1, a2], [moved]]);
    expect(r.daily.get('2026-11-20')).toEqual({ views: 0, videosPosted: 0, observations: 0, likes: 0 });
    expect(r.daily.get('2026-11-19')).toEqual({ views: 600, videosPosted: 1, observations: 3, likes: 30 });
  });
});

describe('dayOf', () => {
  it('is the UTC day, whether the time is written in UTC or with an offset', () => {
    expect(dayOf('2026-12-01T23:30:00.123Z')).toBe('2026-12-01');
    expect(dayOf('2026-12-01T23:30:00Z')).toBe('2026-12-01');
    expect(dayOf('2026-12-02T01:30:00.123456+02:00')).toBe('2026-12-01');
    expect(dayOf('2026-11-30T22:30:00-03:00')).toBe('2026-12-01');
  });
});
