import pg from 'pg';
import { ingestionContracts as c, type IngestResult, type VideoObservation } from '#libs/contracts';
import { bootService, seededRandom, seededUuid, type ServiceUnderTest } from '#libs/testing';
import { metricsIngestionApp } from '../metrics-ingestion.app.js';
import { regressionOf } from './ingest.rules.js';

/**
 * Video batches go through a staging table and one merge; this holds what callers get back and
 * what is stored against a computation made record by record: each batch's new observations are
 * stored once (repeats within a batch and across batches are duplicates), and each new one is
 * compared with the observation just before it in time among everything stored by then, its
 * own batch included, whatever the arrival order.
 */
describe('video batches through the staging table (real NATS and Postgres)', () => {
  let sut: ServiceUnderTest;
  let db: pg.Client;

  beforeAll(async () => {
    sut = await bootService(metricsIngestionApp);
    db = await sut.sql();
  }, 60_000);
  afterAll(async () => {
    await sut?.close();
  });

  const rng = seededRandom(2024);
  const creatorId = seededUuid(rng);

  /** Eight observations of each of four videos, counters mostly growing, some lower than the one before. */
  function observations(): VideoObservation[] {
    const out: VideoObservation[] = [];
    for (let v = 0; v < 4; v++) {
      for (let o = 1; o <= 8; o++) {
        const views = 1_000 * o - (rng() < 0.3 ? 1_500 : 0) + v;
        out.push({
          observationId: seededUuid(rng),
          creatorId,
          videoId: `staged-${v}`,
          postedAt: '2026-11-01T00:00:00.000Z',
          observedAt: new Date(Date.UTC(2026, 10, 2, o)).toISOString(),
          views: Math.max(views, 10),
          sixSecondViews: 5,
          completedViews: 1,
          likes: o % 3 === 0 ? 1 : o,
          comments: 0,
          shares: 0,
          avgWatchSeconds: 4,
        });
      }
    }
    return out;
  }

  /** What each batch must answer, computed one record at a time. */
  function reference(batches: VideoObservation[][]): IngestResult[] {
    const stored = new Map<string, VideoObservation>();
    return batches.map((batch) => {
      const fresh = new Map<number, VideoObservation>();
      batch.forEach((r, index) => {
        if (stored.has(r.observationId)) return;
        fresh.set(index, r);
        stored.set(r.observationId, r);
      });
      const flagged = [...fresh].flatMap(([index, n]) => {
        const before = [...stored.values()].filter((p) => p.videoId === n.videoId && Date.parse(p.observedAt) < Date.parse(n.observedAt));
        const previous = before.sort((a, b) => Date.parse(b.observedAt) - Date.parse(a.observedAt))[0];
        const reason = previous && regressionOf(previous, n);
        return reason ? [{ index, reason }] : [];
      });
      return { accepted: fresh.size, duplicates: batch.length - fresh.size, rejected: [], flagged };
    });
  }

  it('answers and stores what a record-by-record computation gives, for shuffled batches with repeats', async () => {
    const all = observations();
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    // Five batches; each also repeats a few records of its own and of earlier batches.
    const batches: VideoObservation[][] = [];
    for (let b = 0; b < 5; b++) {
      const own = all.slice(b * 7, b * 7 + 7 + (b === 4 ? 4 : 0));
      const seen = [...batches.flat(), ...own];
      const repeats = Array.from({ length: 3 }, () => seen[Math.floor(rng() * seen.length)]!);
      batches.push([...own, ...repeats]);
    }
    const want = reference(batches);
    for (const [i, batch] of batches.entries()) expect(await sut.client.request(c.videos, { records: batch })).toEqual(want[i]);
    // The fixture does what it says: repeats and regressions both occurred.
    expect(want.some((r) => r.duplicates > 0) && want.some((r) => r.flagged.length > 0)).toBe(true);

    const { rows } = await db.query('select observation_id as id, regression from metrics_ingestion.video_observations where creator_id = $1', [creatorId]);
    expect(rows).toHaveLength(all.length);
    const flaggedIds = new Map(want.flatMap((r, b) => r.flagged.map((f) => [batches[b]![f.index]!.observationId, f.reason] as const)));
    for (const row of rows as { id: string; regression: string | null }[]) expect(row.regression).toBe(flaggedIds.get(row.id) ?? null);
  });
});
