import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { schemaOf } from '#libs/contracts';
import { DEAD_LETTER_STREAM } from '#libs/messaging';
import { withPgClient } from '#libs/testing';
import type { Caller, ChaosClient } from './client.js';
import type { CreatorLedger, Ledger } from './workload.js';

/** Where one creator ended up, as the platform answers it, without ids: two runs of one seed must agree. */
export interface CreatorState {
  name: string;
  grant: string;
  onRoster: number;
  rateVersion: number;
  rateHistory: number;
  negotiationStatus: string;
  /** The offer's rows across the four campaign tabs, with their status. */
  tabRows: string[];
  /** `true` when the card's campaign counts are the tabs' lengths; otherwise both, or the card's degraded sections. */
  cardMatchesTabs: true | string;
  versions: number;
  messages: string[];
  submissions: number;
  inDiscovery: number;
  observations: number;
  followers: number | null;
  audit: Record<string, number>;
}

export interface EndState {
  campaigns: number;
  creators: CreatorState[];
}

export interface Findings {
  state: EndState;
  /** Each way the platform disagrees with what it acknowledged; empty when nothing was lost or doubled. */
  problems: string[];
}

const TAB_OF: Record<string, string> = { awaiting_response: 'pending', changes_proposed: 'pending', accepted: 'active', content_submitted: 'active', approved: 'active' };
/** Audit actions the workload causes a known number of times in a creator's log (the creator's own and the agency's on their behalf). */
const AUDITED = ['rates.updated', 'offer.proposed'];

async function read<T = any>(client: ChaosClient, path: string, caller: Caller): Promise<T> {
  const res = await client.call<T>('GET', path, undefined, caller);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function allPages<T>(client: ChaosClient, path: string, caller: Caller): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor?: string | null } = await read(client, `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, caller);
    items.push(...page.items);
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return items;
}

/** Reads back everything the ledger says was acknowledged, through the public API (and observation rows in their owner's tables). */
export async function endState(client: ChaosClient, ledger: Ledger, databaseUrl: string): Promise<EndState> {
  const agency = { token: ledger.agency.token };
  const brand = { token: ledger.brand.token };
  const [roster, grants, campaigns, discovery] = await Promise.all([
    allPages<{ creator: { id: string } }>(client, '/v1/roster', agency),
    allPages<{ creatorId: string; status: string }>(client, '/v1/delegations', agency),
    allPages<{ id: string }>(client, '/v1/campaigns', brand),
    allPages<{ creatorId: string }>(client, '/v1/creators', brand),
  ]);
  const ids = ledger.creators.map((c) => c.userId);
  const observations = await withPgClient(databaseUrl, async (sql) => {
    const counts = new Map<string, number>();
    for (const table of ['video_observations', 'follower_snapshots', 'audience_snapshots']) {
      const { rows } = await sql.query<{ creator_id: string; n: number }>(
        `select creator_id, count(*)::int as n from "${schemaOf('metrics-ingestion')}"."${table}" where creator_id = any($1::uuid[]) group by creator_id`,
        [ids],
      );
      for (const r of rows) counts.set(r.creator_id, (counts.get(r.creator_id) ?? 0) + r.n);
    }
    return counts;
  });

  // One creator at a time (each creator's reads at once): a hundred reads in parallel would
  // time card sections out on a small machine and read as a disagreement.
  const creators: CreatorState[] = [];
  for (const c of ledger.creators) creators.push(await creatorState(c));
  return { campaigns: campaigns.length, creators };

  async function creatorState(c: CreatorLedger): Promise<CreatorState> {
    const self = { token: c.token };
    const [rates, history, offer, versions, messages, submissions, card, metrics, audit, ...tabs] = await Promise.all([
      read<{ version: number }>(client, `/v1/creators/${c.userId}/rates`, self),
      read<{ items: unknown[] }>(client, `/v1/creators/${c.userId}/rates/history`, self),
      read<{ status: string }>(client, `/v1/offers/${c.offerId}`, brand),
      read<{ items: unknown[] }>(client, `/v1/offers/${c.offerId}/versions`, brand),
      allPages<{ body: string }>(client, `/v1/offers/${c.offerId}/messages`, brand),
      read<{ items: unknown[] }>(client, `/v1/offers/${c.offerId}/submissions`, brand),
      read<{ campaigns: Record<string, number> | null; degraded: string[] }>(client, `/v1/creators/${c.userId}/card`, self),
      read<{ followers: number | null }>(client, `/v1/creators/${c.userId}/metrics`, self),
      allPages<{ action: string }>(client, `/v1/audit?creatorId=${c.userId}`, self),
      ...['pending', 'active', 'completed', 'inactive'].map((tab) => allPages<{ offerId: string; status: string }>(client, `/v1/creators/${c.userId}/campaigns?tab=${tab}`, self).then((rows) => ({ tab, rows }))),
    ]);
    const auditCounts = Object.fromEntries(AUDITED.map((a) => [a, audit.filter((e) => e.action === a).length]));
    return {
      name: c.name,
      grant: grants.filter((g) => g.creatorId === c.userId).map((g) => g.status).join(','),
      onRoster: roster.filter((r) => r.creator.id === c.userId).length,
      rateVersion: rates.version,
      rateHistory: history.items.length,
      negotiationStatus: offer.status,
      tabRows: tabs.flatMap(({ tab, rows }) => rows.filter((r) => r.offerId === c.offerId).map((r) => `${tab}:${r.status}`)),
      cardMatchesTabs: card.degraded.length
        ? `degraded: ${card.degraded.join(', ')}`
        : tabs.every(({ tab, rows }) => card.campaigns?.[tab] === rows.length) || `card ${JSON.stringify(card.campaigns)}, tabs ${tabs.map(({ tab, rows }) => `${tab}=${rows.length}`).join(' ')}`,
      versions: versions.items.length,
      messages: messages.map((m) => m.body).sort(),
      submissions: submissions.items.length,
      inDiscovery: discovery.filter((d) => d.creatorId === c.userId).length,
      observations: observations.get(c.userId) ?? 0,
      followers: metrics.followers,
      audit: auditCounts,
    };
  }
}

/** What the ledger says each creator's state must be. */
export function expectedState(c: CreatorLedger): Omit<CreatorState, 'name' | 'cardMatchesTabs'> & { cardMatchesTabs: true } {
  return {
    grant: c.grant,
    onRoster: c.grant === 'active' ? 1 : 0,
    rateVersion: c.rateEdits,
    rateHistory: c.rateEdits,
    negotiationStatus: c.offerStatus === 'awaiting_response' || c.offerStatus === 'changes_proposed' ? c.offerStatus : 'accepted',
    tabRows: [`${TAB_OF[c.offerStatus]}:${c.offerStatus}`],
    cardMatchesTabs: true,
    versions: c.offerVersions,
    messages: [...c.messages].sort(),
    submissions: c.submissions,
    inDiscovery: c.visible ? 1 : 0,
    observations: c.observations.http + c.observations.intake,
    followers: c.latestFollowers,
    audit: { 'rates.updated': c.rateEdits, 'offer.proposed': c.offerVersions - 1 },
  };
}

/** Unpublished or parked outbox rows in every schema, and dead letters on the bus. */
export async function backlog(databaseUrl: string, nc: NatsConnection): Promise<{ outbox: number; parked: number; deadLetters: number }> {
  const { outbox, parked } = await withPgClient(databaseUrl, async (sql) => {
    const { rows: schemas } = await sql.query<{ s: string }>(`select table_schema as s from information_schema.tables where table_name = 'outbox'`);
    let pending = 0;
    let held = 0;
    for (const { s } of schemas) {
      const { rows } = await sql.query<{ pending: number; parked: number }>(
        `select count(*) filter (where published_at is null and parked_at is null)::int as pending, count(*) filter (where parked_at is not null)::int as parked from "${s}".outbox`,
      );
      pending += rows[0]!.pending;
      held += rows[0]!.parked;
    }
    return { outbox: pending, parked: held };
  });
  const jsm = await jetstreamManager(nc);
  const deadLetters = await jsm.streams.info(DEAD_LETTER_STREAM).then((i) => i.state.messages, () => 0);
  return { outbox, parked, deadLetters };
}

/**
 * Compares what the platform answers with the ledger, waiting for projections to converge
 * (events in flight when the run ended), up to `timeoutMs`.
 */
export async function verify(client: ChaosClient, ledger: Ledger, databaseUrl: string, nc: NatsConnection, timeoutMs = 90_000): Promise<Findings> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems: string[] = [];
    let state: EndState = { campaigns: -1, creators: [] };
    try {
      state = await endState(client, ledger, databaseUrl);
      if (state.campaigns !== ledger.creators.length) problems.push(`brand sees ${state.campaigns} campaigns, ${ledger.creators.length} were acknowledged`);
      for (const [i, c] of ledger.creators.entries()) {
        const want = expectedState(c);
        const got = state.creators[i]!;
        for (const [field, value] of Object.entries(want)) {
          const actual = got[field as keyof CreatorState];
          if (JSON.stringify(actual) !== JSON.stringify(value)) problems.push(`${c.name} ${field}: platform has ${JSON.stringify(actual)}, ledger says ${JSON.stringify(value)}`);
        }
      }
      const left = await backlog(databaseUrl, nc);
      if (left.outbox) problems.push(`${left.outbox} outbox rows unpublished`);
      if (left.parked) problems.push(`${left.parked} outbox rows parked`);
      if (left.deadLetters) problems.push(`${left.deadLetters} dead letters`);
    } catch (err) {
      problems.push(`reading the end state failed: ${(err as Error).message}`);
    }
    if (!problems.length || Date.now() > deadline) return { state, problems };
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Acknowledged things the platform no longer has (`lost`) or has more than once (`doubled`), summed over every count the ledger knows. */
export function tally(ledger: Ledger, state: EndState): { lost: number; doubled: number } {
  let lost = 0;
  let doubled = 0;
  const add = (want: number, got: number) => {
    if (got < want) lost += want - got;
    if (got > want) doubled += got - want;
  };
  add(ledger.creators.length, state.campaigns);
  for (const [i, c] of ledger.creators.entries()) {
    const want = expectedState(c);
    const got = state.creators[i];
    if (!got) {
      lost++;
      continue;
    }
    add(want.onRoster, got.onRoster);
    add(want.rateHistory, got.rateHistory);
    add(want.versions, got.versions);
    add(want.messages.length, got.messages.length);
    add(want.submissions, got.submissions);
    add(want.observations, got.observations);
    add(want.tabRows.length, got.tabRows.length);
    for (const [action, n] of Object.entries(want.audit)) add(n, got.audit[action] ?? 0);
  }
  return { lost, doubled };
}
