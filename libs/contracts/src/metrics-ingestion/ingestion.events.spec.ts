import { fromVideoColumns, ingestionEvents, toVideoColumns, videoColumnBytes, videoColumnsSchema } from './ingestion.events.js';
import type { VideoObservation } from './ingestion.schemas.js';

const video = (n: number, over: Partial<VideoObservation> = {}): VideoObservation => ({
  observationId: `00000000-0000-4000-8000-00000000000${n}`,
  creatorId: '6f1c2b0e-3d4a-4b5c-8d9e-0a1b2c3d4e5f',
  videoId: `73012345678901234${n}`,
  postedAt: '2026-11-20T18:00:00.000Z',
  observedAt: '2026-11-23T06:00:00.000Z',
  views: 1000 * n,
  sixSecondViews: 400 * n,
  completedViews: 100 * n,
  likes: 80,
  comments: 3,
  shares: 2,
  avgWatchSeconds: 7.5,
  ...over,
});

describe('observations.recorded v2: videos as columns', () => {
  it('carries the same records, in order, in fewer bytes', () => {
    const rows = [video(1), video(2), video(3)];
    const columns = toVideoColumns(rows);
    expect(videoColumnsSchema.safeParse(columns).success).toBe(true);
    expect(fromVideoColumns(columns)).toEqual(rows);
    // Field names once per event instead of once per record.
    const many = Array.from({ length: 100 }, (_, i) => video(1 + (i % 9)));
    expect(JSON.stringify(toVideoColumns(many)).length).toBeLessThan(0.7 * JSON.stringify(many).length);
    expect(toVideoColumns([])).toEqual(Object.fromEntries(Object.keys(columns).map((k) => [k, []])));
  });

  it('videoColumnBytes never weighs an observation below what it adds to the document', () => {
    const largest = (i: number) =>
      video(1 + (i % 9), {
        videoId: 'v'.repeat(128),
        postedAt: '2026-11-20T18:00:00.123456+05:30',
        observedAt: '2026-11-21T18:00:00.123456+05:30',
        views: Number.MAX_SAFE_INTEGER,
        sixSecondViews: Number.MAX_SAFE_INTEGER,
        completedViews: Number.MAX_SAFE_INTEGER,
        likes: Number.MAX_SAFE_INTEGER,
        comments: Number.MAX_SAFE_INTEGER,
        shares: Number.MAX_SAFE_INTEGER,
        avgWatchSeconds: 86_399.99999999999,
      });
    for (const rows of [[video(1)], Array.from({ length: 500 }, (_, i) => largest(i))]) {
      const documentKeys = JSON.stringify(toVideoColumns([])).length;
      const weighed = rows.reduce((sum, r) => sum + videoColumnBytes(r), documentKeys);
      expect(weighed).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(toVideoColumns(rows))));
    }
  });

  it('refuses columns of different lengths, and any observation that breaks the rules of one record', () => {
    const columns = toVideoColumns([video(1), video(2)]);
    expect(videoColumnsSchema.safeParse({ ...columns, views: [1000] }).success).toBe(false);
    expect(videoColumnsSchema.safeParse(toVideoColumns([video(1), video(2, { sixSecondViews: 999_999 })])).success).toBe(false);
    expect(videoColumnsSchema.safeParse(toVideoColumns([video(1, { observedAt: '2026-11-19T00:00:00.000Z' })])).success).toBe(false);
    expect(videoColumnsSchema.safeParse({ ...columns, observationId: ['not-a-uuid', columns.observationId[1]] }).success).toBe(false);
    const payload = { batchId: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', part: 0, videos: columns, followers: [], audience: [] };
    expect(ingestionEvents.recordedV2.payload.safeParse(payload).success).toBe(true);
    expect(ingestionEvents.recordedV2.payload.safeParse({ ...payload, videos: [video(1)] }).success).toBe(false);
  });
});
