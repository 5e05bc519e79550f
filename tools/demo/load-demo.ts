import { randomUUID } from 'node:crypto';
import { gatewaySender } from '../metrics/gateway-sender.js';
import type { RecordKind } from '../metrics/ndjson-format.js';
import { MAX_BATCH } from '../metrics/importer.js';
import { publicApiCall } from './public-api.js';
import {
  ALL_DEMO_CREATORS,
  DEMO_AGENCY,
  DEMO_BRAND,
  DEMO_CREATORS,
  DEMO_MARKETPLACE_CREATORS,
  DEMO_OFFERS,
  DEMO_OPERATOR,
  DEMO_PASSWORD,
  demoMetrics,
  scopesFor,
  type DemoCreator,
  type DemoPerson,
} from './demo-plan.js';

export interface LoadDemoOptions {
  /** The gateway's base URL. */
  gatewayUrl: string;
  log?: (message: string) => void;
  /** How long to wait for one step's effects to reach the services that read them. */
  settleTimeoutMs?: number;
}

export interface LoadDemoResult {
  alreadyLoaded: boolean;
  creators: number;
  metricsRecords: number;
}

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string };
  organization: { id: string; name: string } | null;
}

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DemoError extends Error {}

/**
 * Loads the demo world through the public API, as its people would create it: sign-ups, an
 * agency with a manager and a viewer, creators granting the agency access, profiles, rate cards,
 * a brand's campaign with offers at several stages, and 120 days of metrics ingested with an API
 * key. Safe to run again: when the demo owner already sees the whole roster and the brand its
 * campaign, nothing is written; a run that stopped half-way is completed (each step checks what
 * exists first, and metrics are idempotent by observation id).
 */
export async function loadDemo(opts: LoadDemoOptions): Promise<LoadDemoResult> {
  if (process.env.NODE_ENV === 'production') throw new DemoError('refusing to load demo data (public passwords) with NODE_ENV=production');
  const base = opts.gatewayUrl.replace(/\/+$/, '');
  const log = opts.log ?? (() => undefined);
  const settle = opts.settleTimeoutMs ?? 60_000;

  const call = publicApiCall(base, { retryOn: [503, 429], attempts: 6, maxWaitSeconds: 10, timeoutMs: 60_000 });
  async function expect<T = any>(status: number, method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const res = await call<T>(method, path, body, token);
    if (res.status !== status) throw new DemoError(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  /**
   * Repeats a call while another service has not yet heard of what it needs (a sign-up, a grant,
   * an offer reach each service through events): `retryOn` statuses are "not yet".
   */
  async function eventually<T = any>(status: number, retryOn: number[], method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const deadline = Date.now() + settle;
    for (;;) {
      const res = await call<T>(method, path, body, token);
      if (res.status === status) return res.body;
      if (!retryOn.includes(res.status) || Date.now() > deadline) throw new DemoError(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
      await sleep(250);
    }
  }
  async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + settle;
    while (!(await check())) {
      if (Date.now() > deadline) throw new DemoError(`timed out waiting for ${what}`);
      await sleep(250);
    }
  }

  const login = async (email: string): Promise<Session | undefined> => {
    const res = await call<{ accessToken: string; refreshToken: string }>('POST', '/v1/auth/login', { email, password: DEMO_PASSWORD });
    if (res.status !== 200) return undefined;
    const me = await expect<Omit<Session, 'accessToken' | 'refreshToken'>>(200, 'GET', '/v1/me', undefined, res.body.accessToken);
    return { ...res.body, ...me };
  };
  /** Signs the person up, or signs them in when a previous run already did. */
  const account = async (person: DemoPerson, kind: 'creator' | 'manager' | 'brand', extra: Record<string, unknown> = {}): Promise<Session> => {
    const res = await call<Session>('POST', '/v1/auth/signup', { email: person.email, password: DEMO_PASSWORD, name: person.name, kind, ...extra });
    if (res.status === 201) return res.body;
    const session = res.status === 409 ? await login(person.email) : undefined;
    if (!session) throw new DemoError(`cannot sign up or sign in ${person.email} (${res.status} ${JSON.stringify(res.body)}); is this a database with other accounts under the demo emails?`);
    return session;
  };

  // Already there? The owner sees every demo creator and the brand its campaign.
  const existingOwner = await login(DEMO_AGENCY.owner.email);
  if (existingOwner) {
    const roster = await call<{ items: unknown[] }>('GET', '/v1/roster?limit=200', undefined, existingOwner.accessToken);
    const brand = await login(DEMO_BRAND.owner.email);
    const campaigns = brand ? await call<{ items: { name: string }[] }>('GET', '/v1/campaigns?limit=200', undefined, brand.accessToken) : undefined;
    if (roster.body?.items?.length >= DEMO_CREATORS.length && campaigns?.body?.items?.some((c) => c.name === DEMO_BRAND.campaign)) {
      log('demo data already loaded');
      return { alreadyLoaded: true, creators: roster.body.items.length, metricsRecords: 0 };
    }
    log('demo data incomplete: completing it');
  }

  // The agency: an owner who creates it, a manager and a viewer who accept invitations.
  log(`agency ${DEMO_AGENCY.name}: owner, manager, viewer`);
  const owner = existingOwner ?? (await account(DEMO_AGENCY.owner, 'manager', { organization: { name: DEMO_AGENCY.name } }));
  const agencyId = owner.organization?.id;
  if (!agencyId) throw new DemoError(`${DEMO_AGENCY.owner.email} exists without an agency`);
  const member = async (person: DemoPerson, role: 'manager' | 'viewer'): Promise<Session> => {
    const session = await account(person, 'manager');
    if (session.organization?.id === agencyId) return session;
    const invitations = await expect<{ items: { id: string; organization: { id: string }; status: string }[] }>(200, 'GET', '/v1/invitations', undefined, session.accessToken);
    let invitation: { id: string } | undefined = invitations.items.find((i) => i.organization.id === agencyId && i.status === 'pending');
    invitation ??= await expect<{ id: string }>(201, 'POST', `/v1/orgs/${agencyId}/invitations`, { email: person.email, role }, owner.accessToken);
    await expect(200, 'POST', `/v1/invitations/${invitation.id}/accept`, {}, session.accessToken);
    // A token names the organization it was issued with: sign in again as a member.
    return (await login(person.email))!;
  };
  const manager = await member(DEMO_AGENCY.manager, 'manager');
  await member(DEMO_AGENCY.viewer, 'viewer');

  log(`brand ${DEMO_BRAND.name}`);
  const brand = await account(DEMO_BRAND.owner, 'brand', { organization: { name: DEMO_BRAND.name } });

  // Creators: sign-up, a grant to the agency (the roster's), profile, rate card.
  log(`${DEMO_CREATORS.length} creators of the agency and ${DEMO_MARKETPLACE_CREATORS.length} of the marketplace: grants, profiles, rate cards`);
  const grants = await expect<{ items: { id: string; creatorId: string; status: string }[] }>(200, 'GET', '/v1/delegations?limit=200', undefined, owner.accessToken);
  const creators = new Map<string, { plan: DemoCreator; session: Session }>();
  const everyone = new Map<string, { plan: DemoCreator; session: Session }>();
  for (const plan of ALL_DEMO_CREATORS) {
    const session = await account(plan, 'creator', { handle: plan.handle });
    everyone.set(plan.handle, { plan, session });
    if (DEMO_CREATORS.includes(plan)) {
      creators.set(plan.handle, { plan, session });
      const mine = grants.items.filter((g) => g.creatorId === session.user.id);
      if (!mine.some((g) => g.status === 'active')) {
        const pending = mine.find((g) => g.status === 'pending') ?? (await expect<{ id: string }>(201, 'POST', '/v1/delegations', { creatorHandle: plan.handle, scopes: scopesFor(plan) }, owner.accessToken));
        await expect(200, 'POST', `/v1/delegations/${pending.id}/approve`, {}, session.accessToken);
      }
    }
    const id = session.user.id;
    const token = session.accessToken;
    await eventually(200, [404], 'PATCH', `/v1/creators/${id}/profile`, { bio: plan.bio, categories: plan.categories, regions: plan.regions, languages: plan.languages, marketplaceVisible: plan.marketplaceVisible }, token);
    const card = await eventually<{ version: number }>(200, [404], 'GET', `/v1/creators/${id}/rates`, undefined, token);
    if (card.version === 0) {
      const p = plan.videoPrice;
      const items = [
        { deliverable: 'video', price: p },
        { deliverable: 'video_series', price: p * 3 },
        { deliverable: 'story', price: Math.round(p * 0.4) },
        { deliverable: 'live', price: Math.round(p * 1.5) },
        { deliverable: 'usage_rights_30d', price: Math.round(p * 0.5) },
      ].map((i) => ({ deliverable: i.deliverable, price: { amount: Math.round(i.price / 100) * 100, currency: 'USD' } }));
      await expect(200, 'PUT', `/v1/creators/${id}/rates`, { items, version: 0 }, token);
    }
  }

  // The roster is roster's projection of the grants: wait for it, then assign the manager.
  await waitFor('the roster to show every demo creator', async () => {
    const r = await call<{ items: unknown[] }>('GET', '/v1/roster?limit=200', undefined, owner.accessToken);
    return r.status === 200 && r.body.items.length >= DEMO_CREATORS.length;
  });
  for (const { plan, session } of creators.values()) {
    if (plan.assigned) await expect(200, 'PUT', `/v1/roster/${session.user.id}/assignees`, { managerIds: [manager.user.id] }, owner.accessToken);
  }

  const ingestion = await ingestionKey();
  try {
    const metricsRecords = await ingestMetrics(ingestion.send, [...everyone.values()]);
    await loadCampaign(ingestion.send);
    log('demo data loaded');
    return { alreadyLoaded: false, creators: creators.size, metricsRecords };
  } finally {
    await ingestion.revoke();
  }

  /** The brand's campaign and its offers, each taken as far as the plan says. */
  async function loadCampaign(send: ReturnType<typeof gatewaySender>): Promise<void> {
    const campaigns = await expect<{ items: { id: string; name: string }[] }>(200, 'GET', '/v1/campaigns?limit=200', undefined, brand.accessToken);
    if (!campaigns.items.some((c) => c.name === DEMO_BRAND.campaign)) {
      log(`campaign ${DEMO_BRAND.campaign}: ${DEMO_OFFERS.length} offers`);
      const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
      const deliverables = [{ type: 'video', quantity: 1, dueAt: at(21) }];
      // Running since last week, so the completed deal's video falls inside it.
      const campaign = await expect<{ id: string }>(
        201,
        'POST',
        '/v1/campaigns',
        { name: DEMO_BRAND.campaign, brief: 'Gear for the first hike of the season: one honest video each, and stories from the trail.', budget: { amount: 5_000_000, currency: 'USD' }, startsAt: at(-7), endsAt: at(60), deliverables: [...deliverables, { type: 'story', quantity: 2, dueAt: at(28) }] },
        brand.accessToken,
      );
      for (const offer of DEMO_OFFERS) {
        const { plan, session } = creators.get(offer.handle)!;
        const sent = await eventually<{ id: string }>(201, [404, 422], 'POST', `/v1/campaigns/${campaign.id}/offers`, { creatorId: session.user.id, price: { amount: plan.videoPrice, currency: 'USD' }, deliverables, terms: { paymentTerms: { upfrontPercent: 30, netDays: 30 }, usageRightsDays: 90, exclusivityDays: 14, revisionRounds: 1 } }, brand.accessToken);
        if (offer.reaches === 'awaiting_response') continue;
        // The agency reads the offer once negotiation's copy of its grant has caught up.
        const current = await eventually<{ currentTerms: Record<string, unknown> }>(200, [404], 'GET', `/v1/offers/${sent.id}`, undefined, manager.accessToken);
        if (offer.reaches === 'changes_proposed') {
          await expect(201, 'POST', `/v1/offers/${sent.id}/proposals`, { baseVersion: 1, terms: { ...current.currentTerms, price: { amount: Math.round(plan.videoPrice * 1.2), currency: 'USD' } }, comment: 'Our rate card for a video with 90 days of usage rights' }, manager.accessToken);
          continue;
        }
        await expect(200, 'POST', `/v1/offers/${sent.id}/accept`, { version: 1 }, manager.accessToken);
        if (offer.reaches === 'accepted') continue;
        const videoId = await postDealVideo(send, session.user.id, sent.id);
        const submission = await eventually<{ id: string }>(201, [409], 'POST', `/v1/offers/${sent.id}/submissions`, { deliverable: 'video', url: `https://video.example.com/@${plan.handle}/${videoId}`, caption: 'First hike of the season', videoId }, session.accessToken);
        await eventually(200, [404, 409], 'POST', `/v1/offers/${sent.id}/submissions/${submission.id}/review`, { decision: 'approve', comments: 'Lovely, ship it' }, brand.accessToken);
        await eventually(200, [409], 'POST', `/v1/offers/${sent.id}/complete`, {}, brand.accessToken);
        await waitFor("the completed deal's results", async () => {
          const r = await call<{ views: number | null }>('GET', `/v1/offers/${sent.id}/performance`, undefined, brand.accessToken);
          return r.status === 200 && (r.body.views ?? 0) > 0;
        });
      }
    }
  }

  /**
   * The video a creator posts for a deal once it is made, as metrics observes it a moment
   * later: posted after the acceptance, so it is the deal's and counts in its results.
   */
  async function postDealVideo(send: ReturnType<typeof gatewaySender>, creatorId: string, offerId: string): Promise<string> {
    const postedAt = new Date();
    await sleep(1_000);
    const videoId = `demo-${offerId.slice(0, 8)}`;
    const views = 48_200;
    const observation = {
      observationId: randomUUID(),
      creatorId,
      videoId,
      postedAt: postedAt.toISOString(),
      observedAt: new Date().toISOString(),
      views,
      sixSecondViews: 29_900,
      completedViews: 9_100,
      likes: 3_650,
      comments: 212,
      shares: 388,
      avgWatchSeconds: 11.4,
    };
    const result = await send('video', [observation], new AbortController().signal);
    if (result.rejected.length) throw new DemoError(`ingestion rejected the deal's video: ${JSON.stringify(result.rejected)}`);
    return videoId;
  }

  /** An API key for the ingestion routes, issued by the platform operator and revoked when the demo is loaded. */
  async function ingestionKey(): Promise<{ send: ReturnType<typeof gatewaySender>; revoke: () => Promise<void> }> {
    const operator = await account(DEMO_OPERATOR, 'manager');
    const key = await call<{ id: string; key: string }>('POST', '/v1/api-keys', { name: 'demo data', scopes: ['metrics:ingest'] }, operator.accessToken);
    if (key.status === 403) throw new DemoError(`${DEMO_OPERATOR.email} may not issue API keys: start the platform with PLATFORM_ADMINS=${DEMO_OPERATOR.email} (npm start -- --demo does)`);
    if (key.status !== 201) throw new DemoError(`POST /v1/api-keys: ${key.status} ${JSON.stringify(key.body)}`);
    return {
      send: gatewaySender({ url: base, apiKey: key.body.key }),
      revoke: async () => {
        await call('DELETE', `/v1/api-keys/${key.body.id}`, undefined, operator.accessToken);
      },
    };
  }

  /** 120 days of metrics per creator (audience led by the profile's regions, followers in the planned band), through the ingestion API. */
  async function ingestMetrics(send: ReturnType<typeof gatewaySender>, people: { plan: DemoCreator; session: Session }[]): Promise<number> {
    const signal = new AbortController().signal;
    let records = 0;
    for (const { plan, session } of people) {
      const data = demoMetrics(plan, session.user.id, until());
      const batches: [RecordKind, Record<string, unknown>[]][] = [
        ['video', data.videos as unknown as Record<string, unknown>[]],
        ['follower', data.followers as unknown as Record<string, unknown>[]],
        ['audience', data.audience as unknown as Record<string, unknown>[]],
      ];
      for (const [kind, all] of batches) {
        for (let i = 0; i < all.length; i += MAX_BATCH) {
          const result = await send(kind, all.slice(i, i + MAX_BATCH), signal);
          if (result.rejected.length) throw new DemoError(`ingestion rejected demo ${kind} records: ${JSON.stringify(result.rejected.slice(0, 3))}`);
          records += result.accepted + result.duplicates;
        }
      }
    }
    log(`metrics: ${records} observations for ${people.length} creators`);
    return records;
  }
}

/** Days end at midnight UTC, so a re-run the same day sends the same observations (duplicates, not new rows). */
function until(): Date {
  return new Date(new Date().toISOString().slice(0, 10));
}
