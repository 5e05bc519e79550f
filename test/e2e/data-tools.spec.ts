import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CreatorKpis } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { gatewaySender } from '../../tools/metrics/gateway-sender.js';
import { defaultStatePath, importNdjson, ImportError, type ImportCheckpoint, type Rejection, type SendBatch } from '../../tools/metrics/importer.js';
import { parseLine, syntheticLines } from '../../tools/metrics/ndjson-format.js';
import { ALL_DEMO_CREATORS, DEMO_AGENCY, DEMO_BRAND, DEMO_CREATORS, DEMO_OPERATOR, DEMO_PASSWORD } from '../../tools/demo/demo-plan.js';
import { loadDemo } from '../../tools/demo/load-demo.js';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { useStack } from './support/stack.js';
import { bearer, expectStatus, query, ROOMY_LIMITS, signup, type Actor } from './security/support.js';

jest.setTimeout(300_000);

/**
 * The operator tools against the whole platform: the NDJSON import through the public ingestion
 * routes (interrupted and resumed), and the demo data a new user starts from.
 */
describe('data tools (whole platform)', () => {
  const stack = useStack({ env: { ...ROOMY_LIMITS, PLATFORM_ADMINS: DEMO_OPERATOR.email } });
  let api: GatewayClient;
  beforeAll(() => {
    api = gatewayClient(stack().gatewayUrl());
  });

  describe('metrics:import', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'import-e2e-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('imports a file, stops after a few batches, resumes, and counts every record exactly once', async () => {
      const operator = expectStatus(await api.post<Actor>('/v1/auth/signup', { json: { email: DEMO_OPERATOR.email, password: DEMO_PASSWORD, name: 'Operator', kind: 'manager' } }), 201).body;
      const key = expectStatus(await api.post<{ key: string }>('/v1/api-keys', { headers: bearer(operator), json: { name: 'import', scopes: ['metrics:ingest'] } }), 201).body.key;
      const creators = [await signup(api, 'creator'), await signup(api, 'creator')];
      const lines = [...syntheticLines({ seed: 11, creators: creators.map((c) => c.user.id), videos: 120, observationsPerVideo: 8, days: 60, until: new Date(Date.now() - 3_600_000) })];
      const badLine = 1000;
      lines.splice(badLine - 1, 0, JSON.stringify({ kind: 'follower', observationId: 'not-a-uuid', creatorId: creators[0]!.user.id, observedAt: new Date().toISOString(), followers: 1 }));
      const file = path.join(dir, 'metrics.ndjson');
      await writeFile(file, `${lines.join('\n')}\n`);

      const send = gatewaySender({ url: stack().gatewayUrl(), apiKey: key });
      const controller = new AbortController();
      let acknowledged = 0;
      const interrupted: SendBatch = async (kind, records, signal) => {
        const result = await send(kind, records, signal);
        if (++acknowledged === 3) controller.abort();
        return result;
      };
      const rejected: Rejection[] = [];
      await expect(importNdjson({ file, send: interrupted, batchSize: 300, signal: controller.signal, onRejected: (r) => rejected.push(r) })).rejects.toThrow(ImportError);
      const checkpoint = JSON.parse(await readFile(defaultStatePath(file), 'utf8')) as ImportCheckpoint;
      expect(checkpoint.complete).toBe(false);
      expect(checkpoint.lines).toBeGreaterThan(0);
      expect(checkpoint.lines).toBeLessThan(lines.length);

      const summary = await importNdjson({ file, send, batchSize: 300, onRejected: (r) => rejected.push(r) });
      expect(summary).toMatchObject({ total: lines.length, lines: lines.length, resumedAt: checkpoint.lines, rejected: 1 });
      // A batch in flight when the import stopped may have landed: sent again, its records are duplicates.
      expect(summary.accepted).toBeLessThanOrEqual(lines.length - 1);
      expect(summary.accepted + summary.duplicates).toBeGreaterThanOrEqual(lines.length - 1);
      expect(rejected).toEqual([{ line: badLine, kind: 'follower', reason: expect.stringContaining('observationId') }]);

      // What metrics serves is exactly what the file holds, each observation once.
      for (const creator of creators) {
        const mine = lines.map(parseLine).flatMap((p) => ('record' in p && p.record.creatorId === creator.user.id && p.record.observationId !== 'not-a-uuid' ? [p] : []));
        const videos = mine.filter((p) => p.kind === 'video').map((p) => p.record as { videoId: string; observedAt: string; views: number });
        const latest = new Map<string, (typeof videos)[number]>();
        for (const v of videos) if (!latest.has(v.videoId) || v.observedAt > latest.get(v.videoId)!.observedAt) latest.set(v.videoId, v);
        const followers = mine.filter((p) => p.kind === 'follower').map((p) => p.record as { observedAt: string; followers: number });
        const lastFollowers = followers.reduce((a, b) => (b.observedAt > a.observedAt ? b : a));
        const kpis = await eventually(async () => {
          const r = await api.get<CreatorKpis>(`/v1/creators/${creator.user.id}/metrics?window=90d`, { headers: bearer(creator) });
          return r.status === 200 && r.body.provenance.observationsCounted === videos.length && r.body.followers === lastFollowers.followers ? r.body : null;
        }, 120_000);
        expect(kpis).toMatchObject({ videos: latest.size, views: [...latest.values()].reduce((n, v) => n + v.views, 0) });
      }
    });

    it('runs as commands: the generator writes a file, the import reads it with progress lines and a summary', async () => {
      const run = (script: string, args: string[]) =>
        promisify(execFile)(process.execPath, ['--conditions=development', '--import', '@swc-node/register/esm-register', script, ...args], {
          env: { ...process.env, NODE_OPTIONS: '' },
          maxBuffer: 64 * 1024 * 1024,
        });
      const operator = expectStatus(await api.post<{ accessToken: string }>('/v1/auth/login', { json: { email: DEMO_OPERATOR.email, password: DEMO_PASSWORD } }), 200).body;
      const key = expectStatus(await api.post<{ key: string }>('/v1/api-keys', { headers: bearer(operator), json: { name: 'cli', scopes: ['metrics:ingest'] } }), 201).body.key;
      const generated = await run('tools/metrics/generate.cli.ts', ['--creators', '3', '--videos', '10', '--observations', '3', '--days', '30', '--seed', '4', '--until', '2026-01-01']);
      const again = await run('tools/metrics/generate.cli.ts', ['--creators', '3', '--videos', '10', '--observations', '3', '--days', '30', '--seed', '4', '--until', '2026-01-01']);
      expect(again.stdout).toBe(generated.stdout);
      const file = path.join(dir, 'generated.ndjson');
      await writeFile(file, generated.stdout);
      const lines = 3 * (10 * 3 + 31 + 1);
      const imported = await run('tools/metrics/import.cli.ts', [file, '--api-key', key, '--gateway', stack().gatewayUrl(), '--batch-size', '25']);
      expect(imported.stderr).toMatch(new RegExp(`${lines}/${lines} records \\(100%\\) · [\\d,]+ records/s · ETA 0 s`));
      expect(imported.stderr).toContain(`imported ${lines} records: ${lines} accepted, 0 duplicates, 0 rejected`);
      // Done once: a second run has nothing to do.
      expect((await run('tools/metrics/import.cli.ts', [file, '--api-key', key, '--gateway', stack().gatewayUrl()])).stderr).toContain('imported in full already');
    });
  });

  describe('demo data', () => {
    type RosterRow = { creator: { id: string; handle: string }; summary: { followers: number | null; engagementRate: number | null } };
    let manager: { accessToken: string };

    it('loads an agency, a brand and creators with grants, rates, offers and metrics through the API', async () => {
      const result = await loadDemo({ gatewayUrl: stack().gatewayUrl(), settleTimeoutMs: 120_000 });
      expect(result).toMatchObject({ alreadyLoaded: false, creators: DEMO_CREATORS.length });
      expect(result.metricsRecords).toBeGreaterThan(0);

      manager = expectStatus(await api.post<{ accessToken: string }>('/v1/auth/login', { json: { email: DEMO_AGENCY.manager.email, password: DEMO_PASSWORD } }), 200).body;
      const roster = await eventually(async () => {
        const r = await api.get<{ items: RosterRow[] }>('/v1/roster?limit=200', { headers: bearer(manager) });
        return r.status === 200 && r.body.items.length >= 8 && r.body.items.every((row) => row.summary.followers !== null) ? r.body.items : null;
      }, 120_000);
      expect(roster.map((r) => r.creator.handle).sort()).toEqual(DEMO_CREATORS.map((c) => c.handle).sort());

      const card = await eventually(async () => {
        const r = await api.get<{ profile: { categories: string[] }; rates: { items: unknown[] }; metrics: CreatorKpis | null; audience: { countries: Record<string, number> } | null; degraded: string[] }>(
          `/v1/creators/${roster[0]!.creator.id}/card`,
          { headers: bearer(manager) },
        );
        return r.status === 200 && r.body.metrics?.engagementRate != null && r.body.audience ? r.body : null;
      }, 60_000);
      expect(card.metrics!.followers).toBeGreaterThan(0);
      expect(card.profile.categories.length).toBeGreaterThan(0);
      expect(card.rates.items.length).toBeGreaterThan(0);
      expect(Object.values(card.audience!.countries).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    });

    it('shows the brand its campaign with offers pending, active and completed', async () => {
      const brand = expectStatus(await api.post<{ accessToken: string }>('/v1/auth/login', { json: { email: DEMO_BRAND.owner.email, password: DEMO_PASSWORD } }), 200).body;
      const campaigns = expectStatus(await api.get<{ items: { name: string }[] }>('/v1/campaigns', { headers: bearer(brand) }), 200).body.items;
      expect(campaigns.map((c) => c.name)).toEqual([DEMO_BRAND.campaign]);
      const roster = expectStatus(await api.get<{ items: RosterRow[] }>('/v1/roster?limit=200', { headers: bearer(manager) }), 200).body.items;
      const idOf = (handle: string) => roster.find((r) => r.creator.handle === handle)!.creator.id;
      for (const [handle, tab] of [['mia.moves', 'pending'], ['chef.tomas', 'active'], ['pixel.pete', 'completed']] as const) {
        await eventually(async () => {
          const r = await api.get<{ items: unknown[] }>(`/v1/creators/${idOf(handle)}/campaigns?tab=${tab}`, { headers: bearer(manager) });
          return r.status === 200 && r.body.items.length === 1;
        }, 60_000);
      }
    });

    it("tells the truth: audiences led by the profile's regions, a US brand's first search finds creators, the completed deal has its video and results", async () => {
      const brand = expectStatus(await api.post<{ accessToken: string }>('/v1/auth/login', { json: { email: DEMO_BRAND.owner.email, password: DEMO_PASSWORD } }), 200).body;
      const roster = expectStatus(await api.get<{ items: RosterRow[] }>('/v1/roster?limit=200', { headers: bearer(manager) }), 200).body.items;
      for (const row of roster) {
        const plan = DEMO_CREATORS.find((c) => c.handle === row.creator.handle)!;
        const audience = await eventually(async () => {
          const r = await api.get<{ countries: Record<string, number> }>(`/v1/creators/${row.creator.id}/audience`, { headers: bearer(manager) });
          return r.status === 200 ? r.body : null;
        }, 60_000);
        const largest = Object.entries(audience.countries).sort((a, b) => b[1] - a[1]).slice(0, plan.regions.length).map(([c]) => c);
        expect({ handle: plan.handle, largest }).toEqual({ handle: plan.handle, largest: plan.regions });
      }

      // Discovery with the audience country a US brand types first.
      const found = await eventually(async () => {
        const r = await api.get<{ items: { handle: string; countryShare: number | null }[] }>('/v1/creators?country=US', { headers: bearer(brand) });
        return r.status === 200 && r.body.items.length > 0 ? r.body.items : null;
      }, 60_000);
      const usCreators = ALL_DEMO_CREATORS.filter((c) => c.marketplaceVisible && c.regions.includes('US')).map((c) => c.handle);
      expect(found.map((c) => c.handle)).toEqual(expect.arrayContaining(usCreators.slice(0, 3)));
      expect(found.every((c) => (c.countryShare ?? 0) >= 0.1)).toBe(true);

      const completed = await eventually(async () => {
        const r = await api.get<{ items: { offerId: string; creator: { handle: string } }[] }>('/v1/deals?tab=completed', { headers: bearer(brand) });
        return r.status === 200 && r.body.items.length === 1 ? r.body.items[0]! : null;
      }, 60_000);
      const submissions = expectStatus(await api.get<{ items: { status: string; videoId: string | null }[] }>(`/v1/offers/${completed.offerId}/submissions`, { headers: bearer(brand) }), 200).body.items;
      const videoId = submissions.find((sub) => sub.status === 'approved')?.videoId;
      expect(videoId).toEqual(expect.any(String));
      const performance = expectStatus(await api.get<{ views: number; engagements: number; cpm: unknown; cpe: unknown }>(`/v1/offers/${completed.offerId}/performance`, { headers: bearer(brand) }), 200).body;
      expect(performance.views).toBeGreaterThan(0);
      expect(performance.engagements).toBeGreaterThan(0);
      expect(performance.cpm).not.toBeNull();
      expect(performance.cpe).not.toBeNull();
      const [accepted] = await query<{ at: Date }>(stack().db.url, 'select accepted_at as at from negotiation.contracts where offer_id = $1', [completed.offerId]);
      const [posted] = await query<{ at: Date }>(stack().db.url, 'select posted_at as at from metrics.video_latest where video_id = $1', [videoId]);
      expect(posted!.at.getTime()).toBeGreaterThanOrEqual(accepted!.at.getTime());
    });

    it('changes nothing when run again', async () => {
      expect(await loadDemo({ gatewayUrl: stack().gatewayUrl() })).toMatchObject({ alreadyLoaded: true });
      const roster = expectStatus(await api.get<{ items: RosterRow[] }>('/v1/roster?limit=200', { headers: bearer(manager) }), 200).body.items;
      expect(roster).toHaveLength(DEMO_CREATORS.length);
    });
  });
});
