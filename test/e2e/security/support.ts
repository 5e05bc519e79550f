import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { GatewayClient, GatewayResponse, Problem } from '../support/http.js';
import { jetstreamManager } from '@nats-io/jetstream';
import { withPgClient, type NatsServerHandle } from '#libs/testing';

/** Limits high enough that building a test world never trips them (abuse.spec.ts tests them). */
export const ROOMY_LIMITS = {
  SIGNUP_MAX_PER_IP: '100000',
  SIGNUP_MAX_PER_ACCOUNT: '1000',
  LOGIN_MAX_PER_IP: '100000',
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
};

export interface Actor {
  accessToken: string;
  refreshToken: string;
  password: string;
  user: { id: string; email: string; name: string; kind: 'creator' | 'manager' | 'brand'; handle: string | null };
  organization: { id: string; name: string; kind: 'agency' | 'brand' } | null;
  role: 'owner' | 'admin' | 'manager' | 'viewer' | null;
}

export interface Grant {
  id: string;
  status: string;
  agencyId: string;
  creatorId: string;
  scopes: string[];
  version: number;
}

export const unique = () => randomUUID().slice(0, 8);
export const bearer = (actor: Pick<Actor, 'accessToken'>) => ({ authorization: `Bearer ${actor.accessToken}` });

export function expectStatus<T>(res: GatewayResponse<T>, status: number, what = ''): GatewayResponse<T> {
  if (res.status !== status) throw new Error(`${what} expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  return res;
}

/** A problem+json answer with `status`; returns its comparable part (no per-request fields). */
export function problemOf(res: GatewayResponse<unknown>, status: number) {
  expectStatus(res, status);
  expect(res.contentType).toBe('application/problem+json');
  const { traceId, instance: _instance, ...rest } = res.body as Problem & { instance?: string };
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  return rest;
}

export async function signup(
  api: GatewayClient,
  kind: Actor['user']['kind'],
  opts: { org?: string; name?: string; email?: string } = {},
): Promise<Actor> {
  const id = unique();
  const password = `pw-${id}-${randomUUID()}`;
  const res = await api.post<Omit<Actor, 'password'>>('/v1/auth/signup', {
    json: {
      email: opts.email ?? `${kind}-${id}@example.com`,
      password,
      name: opts.name ?? `${kind} ${id}`,
      kind,
      ...(kind === 'creator' ? { handle: `c_${id}` } : {}),
      ...(opts.org ? { organization: { name: opts.org } } : {}),
    },
  });
  expectStatus(res, 201, `signup ${kind}`);
  return { ...res.body, password };
}

/** New tokens for the actor (claims re-read: organization and role as they are now). */
export async function refreshed(api: GatewayClient, actor: Actor): Promise<Actor> {
  const res = await api.post<{ accessToken: string; refreshToken: string }>('/v1/auth/refresh', { json: { refreshToken: actor.refreshToken } });
  expectStatus(res, 200, 'refresh');
  const me = expectStatus(await api.get<Pick<Actor, 'user' | 'organization' | 'role'>>('/v1/me', { headers: bearer(res.body) }), 200, 'me');
  return { ...actor, ...res.body, ...me.body };
}

/** The owner invites `member` to their organization with `role`. */
export async function invite(api: GatewayClient, owner: Actor, member: Actor, role: NonNullable<Actor['role']>): Promise<{ id: string }> {
  const res = await api.post<{ id: string }>(`/v1/orgs/${owner.organization!.id}/invitations`, { headers: bearer(owner), json: { email: member.user.email, role } });
  return expectStatus(res, 201, `invite ${role}`).body;
}

/** The owner invites `member` with `role` and the member accepts; returns the member with fresh tokens. */
export async function join(api: GatewayClient, owner: Actor, member: Actor, role: NonNullable<Actor['role']>): Promise<Actor> {
  const invitation = await invite(api, owner, member, role);
  expectStatus(await api.post(`/v1/invitations/${invitation.id}/accept`, { headers: bearer(member), json: {} }), 200, `accept ${role}`);
  return refreshed(api, member);
}

export async function requestGrant(api: GatewayClient, owner: Actor, creator: Actor, scopes: string[], extra: Record<string, unknown> = {}): Promise<Grant> {
  const res = await api.post<Grant>('/v1/delegations', { headers: bearer(owner), json: { creatorHandle: creator.user.handle, scopes, ...extra } });
  return expectStatus(res, 201, 'request grant').body;
}

export async function approveGrant(api: GatewayClient, creator: Actor, grantId: string, scopes?: string[]): Promise<Grant> {
  const res = await api.post<Grant>(`/v1/delegations/${grantId}/approve`, { headers: bearer(creator), json: scopes ? { scopes } : {} });
  return expectStatus(res, 200, 'approve grant').body;
}


/** Tables whose rows legitimately change on refused requests: attempt counters. */
const VOLATILE = new Set(['identity.rate_limits']);
/**
 * Each service's record of the commands callers sent with an idempotency key (every write
 * through the gateway has one): a caller's own successful no-op, such as logging out a token
 * that is not theirs, leaves a row keyed by that caller, which is none of the victim's data.
 * A refused command leaves none (its transaction rolls back).
 */
const COMMAND_LOG = 'processed_commands';

/**
 * A fingerprint of every table of every service schema: one md5 over the sorted rows of each
 * table. Outbox rows are fingerprinted by id only (the relay stamps them when it publishes).
 */
export async function databaseSnapshot(url: string): Promise<Record<string, string>> {
  return withPgClient(url, async (c) => {
    const { rows: tables } = await c.query<{ s: string; t: string }>(
      `select table_schema as s, table_name as t from information_schema.tables
       where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', 'public')
       order by 1, 2`,
    );
    const out: Record<string, string> = {};
    for (const { s, t } of tables) {
      const name = `${s}.${t}`;
      if (VOLATILE.has(name) || t === COMMAND_LOG) continue;
      const rowText = t === 'outbox' ? 'x.id::text' : 'x::text';
      const { rows } = await c.query<{ n: number; h: string }>(
        `select count(*)::int as n, md5(coalesce(string_agg(${rowText}, '|' order by ${rowText}), '')) as h from "${s}"."${t}" x`,
      );
      out[name] = `${rows[0]!.n}:${rows[0]!.h}`;
    }
    return out;
  });
}

/** Waits until every outbox row of every schema has been published. */
export async function outboxDrained(url: string, timeoutMs = 5000): Promise<void> {
  await withPgClient(url, async (c) => {
    const deadline = Date.now() + timeoutMs;
    const { rows: schemas } = await c.query<{ s: string }>(`select table_schema as s from information_schema.tables where table_name = 'outbox'`);
    for (;;) {
      let pending = 0;
      for (const { s } of schemas) pending += (await c.query<{ n: number }>(`select count(*)::int as n from "${s}".outbox where published_at is null`)).rows[0]!.n;
      if (pending === 0) return;
      if (Date.now() > deadline) throw new Error(`${pending} outbox rows still unpublished`);
      await new Promise((r) => setTimeout(r, 25));
    }
  });
}

/**
 * Every committed event published and every durable consumer caught up (nothing pending, nothing
 * awaiting an ack): the effects of the last request, in every service, are in the database.
 */
export async function eventsSettled(nats: NatsServerHandle, dbUrl: string, timeoutMs = 10_000): Promise<void> {
  await outboxDrained(dbUrl, timeoutMs);
  const nc = await nats.connect('admin');
  try {
    const jsm = await jetstreamManager(nc);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let busy = 0;
      for await (const stream of jsm.streams.list()) {
        for await (const c of jsm.consumers.list(stream.config.name)) busy += c.num_pending + c.num_ack_pending;
      }
      if (busy === 0) return;
      if (Date.now() > deadline) throw new Error(`${busy} events still unprocessed`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await nc.close();
  }
}

export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withPgClient(url, async (c) => (await c.query<T>(sql, params)).rows);
}
