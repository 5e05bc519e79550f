import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { ingestionCommands } from '#libs/contracts';
import { seededRandom, syntheticCreator } from '#libs/testing';
import type { Answer, Caller, ChaosClient } from './client.js';
import { OPERATOR_EMAIL } from './platform.js';

const DAY = 86_400_000;
const PASSWORD = 'chaos-suite-password-1';
const SCOPES = ['campaigns:read', 'offers:negotiate', 'feedback:write', 'rates:write', 'metrics:read'];

export interface WorkloadOptions {
  seed: number;
  /** Distinguishes runs on one platform (emails and handles are unique platform-wide). */
  tag: string;
  creators: number;
  /** Journeys run at once. */
  concurrency: number;
  /** Connects as the data connector (the intake door), publishing with JetStream acks. */
  connector: () => Promise<NatsConnection>;
}

/** What one creator's journey had acknowledged (2xx), and so must find afterwards. */
export interface CreatorLedger {
  name: string;
  userId: string;
  token: string;
  grantId: string;
  /** `active`, or `revoked` once a revocation was acknowledged. */
  grant: 'active' | 'revoked';
  rateEdits: number;
  visible: boolean;
  campaignId: string;
  offerId: string;
  /** The offer's status as the last acknowledged write left it. */
  offerStatus: string;
  offerVersions: number;
  messages: string[];
  submissions: number;
  reviews: number;
  /** Observations sent and acknowledged, by door. */
  observations: { http: number; intake: number };
  latestFollowers: number;
}

export interface Ledger {
  agency: { token: string; orgId: string };
  brand: { token: string; orgId: string };
  creators: CreatorLedger[];
  /** Every write the platform acknowledged. */
  acknowledged: number;
  /** Writes whose retries ran out without an acknowledgement (each is a finding). */
  unacknowledged: { what: string; status: number; body: unknown }[];
  /** Sign-ups whose first answer was lost and whose retry found the email taken: the client signed in instead. */
  signInsAfterLostSignup: number;
}

export class WorkloadError extends Error {}

/**
 * A seeded, mixed workload through the public API: an agency, a brand, and one journey per
 * creator — sign-up, grant, rate card and an edit, profile, a campaign and an offer, a counter,
 * messages, the brand's accept, a draft and its review, metrics through both ingestion doors, and
 * for some a revocation. Everything acknowledged is written into the ledger; the same seed takes
 * the same decisions, so two runs must end in the same state.
 */
export async function runWorkload(client: ChaosClient, opts: WorkloadOptions, progress: (acks: number) => void = () => undefined): Promise<Ledger> {
  const rng = seededRandom(opts.seed);
  const until = new Date(Math.floor(Date.now() / DAY) * DAY);
  // Every decision is drawn up front, so concurrency never changes which creator gets which.
  const plans = Array.from({ length: opts.creators }, (_, k) => ({
    k,
    price: 100_000 + Math.floor(rng() * 50) * 1_000,
    visible: rng() < 0.8,
    drafts: rng() < 0.7,
    revoke: rng() < 0.25,
    messages: 1 + Math.floor(rng() * 3),
    metrics: syntheticCreator(rng, { videos: 3, observationsPerVideo: 3, until, days: 10 }),
  }));
  const ledger: Ledger = { agency: undefined!, brand: undefined!, creators: [], acknowledged: 0, unacknowledged: [], signInsAfterLostSignup: 0 };
  const email = (who: string) => `${who}-${opts.tag}@chaos.example`;

  /** A write that must be acknowledged; anything else ends the journey and is reported. */
  async function write<T = any>(what: string, want: number, answer: Promise<Answer<T>>): Promise<T> {
    const res = await answer;
    if (res.status !== want) {
      ledger.unacknowledged.push({ what, status: res.status, body: res.body });
      throw new WorkloadError(`${what}: expected ${want}, got ${res.status} ${JSON.stringify(res.body)} (attempts: ${res.trail?.join(' ')})`);
    }
    ledger.acknowledged++;
    progress(ledger.acknowledged);
    return res.body;
  }
  type Session = { accessToken: string; user: { id: string }; organization: { id: string } | null };
  const signup = async (who: string, body: Record<string, unknown>) => {
    const address = (body.email as string | undefined) ?? email(who);
    let answer = await client.call<Session>('POST', '/v1/auth/signup', { email: address, password: PASSWORD, name: who, ...body });
    // A sign-up answer carries tokens, so only the gateway keeps it for a retry, and only once
    // it was delivered: when the first answer was lost, the retry finds the email taken. The
    // account is the client's own, so it signs in with the password it chose.
    const firstAnswerLost = answer.trail?.slice(0, -1).some((t) => /^(0|503)@/.test(t));
    if (answer.status === 409 && firstAnswerLost) {
      const login = await client.call<{ accessToken: string }>('POST', '/v1/auth/login', { email: address, password: PASSWORD });
      if (login.status === 200) {
        const me = await client.call<Omit<Session, 'accessToken'>>('GET', '/v1/me', undefined, { token: login.body.accessToken });
        if (me.status === 200) {
          ledger.signInsAfterLostSignup++;
          answer = { status: 201, body: { ...me.body, accessToken: login.body.accessToken } };
        }
      }
    }
    const session = await write<Session>(`sign-up ${who}`, 201, Promise.resolve(answer));
    return { token: session.accessToken, userId: session.user.id, orgId: session.organization?.id ?? '' };
  };

  const agency = await signup('agency', { kind: 'manager', organization: { name: `Agency ${opts.tag}` } });
  const brand = await signup('brand', { kind: 'brand', organization: { name: `Brand ${opts.tag}` } });
  ledger.agency = agency;
  ledger.brand = brand;
  const operator = await client.call<{ accessToken: string }>('POST', '/v1/auth/login', { email: OPERATOR_EMAIL, password: PASSWORD });
  const operatorToken = operator.status === 200 ? operator.body.accessToken : (await signup('operator', { kind: 'manager', email: OPERATOR_EMAIL })).token;
  const key = await write<{ key: string }>('api key', 201, client.call('POST', '/v1/api-keys', { name: `chaos ${opts.tag}`, scopes: ['metrics:ingest'] }, { token: operatorToken }));
  const nc = await opts.connector();
  const js = jetstream(nc);

  async function journey(plan: (typeof plans)[number]): Promise<void> {
    const name = `c${plan.k}`;
    const handle = `chaos_${opts.tag}_${plan.k}`.replace(/[^a-z0-9_]/gi, '_').slice(0, 30);
    const creator = await signup(name, { kind: 'creator', handle });
    const as = { creator: { token: creator.token }, agency: { token: agency.token }, brand: { token: brand.token } } satisfies Record<string, Caller>;
    const entry: CreatorLedger = {
      name, userId: creator.userId, token: creator.token, grantId: '', grant: 'active', rateEdits: 0, visible: plan.visible, campaignId: '', offerId: '',
      offerStatus: '', offerVersions: 0, messages: [], submissions: 0, reviews: 0, observations: { http: 0, intake: 0 }, latestFollowers: 0,
    };
    ledger.creators.push(entry);

    const grant = await write<{ id: string }>(`${name} grant request`, 201, client.call('POST', '/v1/delegations', { creatorHandle: handle, scopes: SCOPES }, as.agency));
    entry.grantId = grant.id;
    await write(`${name} grant approval`, 200, client.call('POST', `/v1/delegations/${grant.id}/approve`, {}, as.creator));

    // Roster learns of the creator and the grant from identity's events.
    await write(`${name} profile`, 200, client.eventually(200, [404], 'PATCH', `/v1/creators/${creator.userId}/profile`, { bio: `Creator ${plan.k}`, categories: ['beauty'], regions: ['US'], languages: ['en'], marketplaceVisible: plan.visible }, as.creator));
    const card = (price: number) => [
      { deliverable: 'video', price: { amount: price, currency: 'USD' } },
      { deliverable: 'story', price: { amount: Math.round(price * 0.4), currency: 'USD' } },
    ];
    await write(`${name} rate card`, 200, client.eventually(200, [404], 'PUT', `/v1/creators/${creator.userId}/rates`, { items: card(plan.price), version: 0 }, as.creator));
    entry.rateEdits++;
    // The agency edits the card on the creator's behalf (rates:write).
    await write(`${name} rate edit`, 200, client.call('PUT', `/v1/creators/${creator.userId}/rates`, { items: card(plan.price + 10_000), version: 1 }, as.agency));
    entry.rateEdits++;

    const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
    const deliverables = [{ type: 'video', quantity: 1, dueAt: at(20) }];
    const campaign = await write<{ id: string }>(`${name} campaign`, 201, client.call('POST', '/v1/campaigns', { name: `Campaign ${plan.k}`, brief: 'Chaos', budget: { amount: 5_000_000, currency: 'USD' }, startsAt: at(1), endsAt: at(60), deliverables }, as.brand));
    entry.campaignId = campaign.id;
    const terms = { paymentTerms: { upfrontPercent: 30, netDays: 30 }, usageRightsDays: 90, exclusivityDays: 14, revisionRounds: 1 };
    // Campaigns learns of the creator from identity's sign-up event: 422 until then.
    const offer = await write<{ id: string }>(`${name} offer`, 201, client.eventually(201, [404, 422], 'POST', `/v1/campaigns/${campaign.id}/offers`, { creatorId: creator.userId, price: { amount: plan.price, currency: 'USD' }, deliverables, terms }, as.brand));
    entry.offerId = offer.id;
    entry.offerStatus = 'awaiting_response';
    entry.offerVersions = 1;

    // Negotiation learns of the offer from campaigns' event.
    const current = await client.eventually<{ currentTerms: Record<string, unknown> }>(200, [404], 'GET', `/v1/offers/${offer.id}`, undefined, as.agency);
    if (current.status !== 200) throw new WorkloadError(`${name} offer never reached negotiation: ${current.status}`);
    await write(`${name} counter`, 201, client.call('POST', `/v1/offers/${offer.id}/proposals`, { baseVersion: 1, terms: { ...current.body.currentTerms, price: { amount: plan.price + 20_000, currency: 'USD' } }, comment: 'Our rate card' }, as.agency));
    entry.offerVersions = 2;
    entry.offerStatus = 'changes_proposed';
    for (let m = 0; m < plan.messages; m++) {
      const body = `${name} message ${m}`;
      await write(`${name} message ${m}`, 201, client.call('POST', `/v1/offers/${offer.id}/messages`, { body }, m % 2 ? as.brand : as.agency));
      entry.messages.push(body);
    }
    await write(`${name} accept`, 200, client.call('POST', `/v1/offers/${offer.id}/accept`, { version: 2 }, as.brand));
    entry.offerStatus = 'accepted';

    if (plan.drafts) {
      const draft = await write<{ id: string }>(`${name} draft`, 201, client.eventually(201, [409], 'POST', `/v1/offers/${offer.id}/submissions`, { deliverable: 'video', url: `https://cdn.example.com/${opts.tag}/${plan.k}.mp4`, caption: 'Draft' }, as.creator));
      entry.submissions++;
      entry.offerStatus = 'content_submitted';
      await write(`${name} review`, 200, client.eventually(200, [404, 409], 'POST', `/v1/offers/${offer.id}/submissions/${draft.id}/review`, { decision: 'approve', comments: 'Ship it' }, as.brand));
      entry.reviews++;
      entry.offerStatus = 'approved';
    }

    // Metrics: videos and followers through the gateway, audience through the connectors' intake.
    const fresh = <T extends { observationId: string; creatorId: string }>(records: T[]) => records.map((r) => ({ ...r, observationId: randomUUID(), creatorId: creator.userId }));
    for (const [kind, records] of [['videos', fresh(plan.metrics.videos)], ['followers', fresh(plan.metrics.followers)]] as const) {
      const result = await write<{ accepted: number; duplicates: number; rejected: unknown[] }>(`${name} ingest ${kind}`, 202, client.call('POST', `/v1/ingest/${kind}`, { records }, { apiKey: key.key }));
      if (result.rejected.length) throw new WorkloadError(`${name} ingest ${kind}: rejected ${JSON.stringify(result.rejected)}`);
      entry.observations.http += records.length;
    }
    entry.latestFollowers = plan.metrics.followers.at(-1)!.followers;
    const audience = fresh(plan.metrics.audience);
    const msgID = randomUUID();
    await publishUntilAcked(js, ingestionCommands.audience.subject, JSON.stringify({ records: audience }), msgID);
    ledger.acknowledged++;
    entry.observations.intake += audience.length;

    if (plan.revoke) {
      await write(`${name} revocation`, 200, client.call('POST', `/v1/delegations/${grant.id}/revoke`, {}, as.creator));
      entry.grant = 'revoked';
    }
  }

  try {
    const queue = [...plans];
    const failures: unknown[] = [];
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        for (let plan = queue.shift(); plan; plan = queue.shift()) await journey(plan).catch((err: unknown) => failures.push(err));
      }),
    );
    if (failures.length) {
      // The ledger goes along, so a report can say how far the run got.
      throw Object.assign(new AggregateError(failures, `${failures.length} journeys failed: ${failures.map(String).join('; ')}`), { ledger });
    }
  } finally {
    await nc.close();
  }
  ledger.creators.sort((a, b) => Number(a.name.slice(1)) - Number(b.name.slice(1)));
  return ledger;
}

/** A connector's publish: repeated under the same message id until JetStream acknowledges it (the stream drops the copies). */
async function publishUntilAcked(js: ReturnType<typeof jetstream>, subject: string, data: string, msgID: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await js.publish(subject, data, { msgID, timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 60) throw new WorkloadError(`intake publish never acknowledged: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
