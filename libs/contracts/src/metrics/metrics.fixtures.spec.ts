import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  audienceSnapshotSchema,
  followerSnapshotSchema,
  ingestionCommands,
  ingestionContracts,
  ingestionEvents,
  metricsContracts,
  metricsRosterContracts,
  videoObservationSchema,
} from '../index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const read = (subject: string, file: string) => JSON.parse(readFileSync(path.join(fixtures, subject, file), 'utf8')) as Record<string, unknown>;

describe('metrics and ingestion golden fixtures', () => {
  it.each([...Object.values(metricsContracts), ...Object.values(metricsRosterContracts), ...Object.values(ingestionContracts)].map((c) => [c.subject, c] as const))(
    '%s round-trips exactly and refuses unknown fields',
    (subject, contract) => {
      const request = read(subject, 'request.json');
      const response = read(subject, 'response.json');
      expect(contract.request.parse(request)).toEqual(request);
      expect(contract.response.parse(response)).toEqual(response);
      expect(contract.request.safeParse({ ...request, injected: true }).success).toBe(false);
    },
  );

  it.each([...Object.values(ingestionEvents), ...Object.values(ingestionCommands)].map((c) => [c.subject, c] as const))('%s round-trips exactly', (subject, contract) => {
    const payload = read(subject, 'payload.json');
    expect(contract.payload.parse(payload)).toEqual(payload);
  });
});

describe('observation records', () => {
  const [video] = read('metrics-ingestion.cmd.videos.v1', 'payload.json').records as Record<string, unknown>[];
  const [audience] = read('metrics-ingestion.cmd.audience.v1', 'payload.json').records as Record<string, unknown>[];
  const [followers] = read('metrics-ingestion.cmd.followers.v1', 'payload.json').records as Record<string, unknown>[];

  it('accept the golden records', () => {
    expect(videoObservationSchema.safeParse(video).success).toBe(true);
    expect(audienceSnapshotSchema.safeParse(audience).success).toBe(true);
    expect(followerSnapshotSchema.safeParse(followers).success).toBe(true);
  });

  it('refuse impossible counters and times', () => {
    expect(videoObservationSchema.safeParse({ ...video, sixSecondViews: 200_000 }).error?.issues[0]?.path).toEqual(['sixSecondViews']);
    expect(videoObservationSchema.safeParse({ ...video, completedViews: 200_000 }).error?.issues[0]?.path).toEqual(['completedViews']);
    expect(videoObservationSchema.safeParse({ ...video, observedAt: '2026-11-01T00:00:00.000Z' }).error?.issues[0]?.path).toEqual(['observedAt']);
    expect(videoObservationSchema.safeParse({ ...video, likes: -1 }).success).toBe(false);
    expect(videoObservationSchema.safeParse({ ...video, views: 1.5 }).success).toBe(false);
    expect(followerSnapshotSchema.safeParse({ ...followers, followers: null }).success).toBe(false);
  });

  it('refuse demographics whose shares do not sum to 1 (within rounding)', () => {
    expect(audienceSnapshotSchema.safeParse({ ...audience, genders: { female: 0.6, male: 0.3 } }).success).toBe(false);
    expect(audienceSnapshotSchema.safeParse({ ...audience, genders: { female: 0.605, male: 0.3 + 0.09 } }).success).toBe(true);
    expect(audienceSnapshotSchema.safeParse({ ...audience, countries: {} }).success).toBe(false);
    expect(audienceSnapshotSchema.safeParse({ ...audience, countries: { usa: 1 } }).success).toBe(false);
  });
});
