import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, headers as natsHeaders, nanos, type NatsConnection } from '@nats-io/transport-node';
import { decodeJwt } from 'jose';
import {
  accessTokenClaimsSchema,
  grantEvents,
  identityContracts,
  INGESTION_INTAKE_STREAM,
  ingestionCommands,
  PRINCIPAL_HEADER,
  principalFromClaims,
  type Principal,
} from '#libs/contracts';
import {
  buildEnvelope,
  DEAD_LETTER_STREAM,
  deadLetterSubject,
  encodeRequestFrame,
  EventConsumer,
  generatePrincipalKey,
  IDEMPOTENCY_BUCKET,
  onEvent,
  PrincipalSigner,
  provisionBus,
  type EventOutcome,
} from '#libs/messaging';
import { startService, type RunningService } from '#libs/service-defaults';
import { createTestDatabase, eventually, gatewayClient as busGatewayClient, startNatsServer, type NatsServerHandle, type TestDatabase } from '#libs/testing';
import { identityApp } from '../../../services/identity/src/identity.app.js';
import { rosterApp } from '../../../services/roster/src/roster.app.js';
import { gatewayApp } from '../../../services/gateway/src/gateway.app.js';
import { gatewayClient, type GatewayClient } from '../support/http.js';
import { approveGrant, requestGrant, ROOMY_LIMITS, signup, type Actor } from './support.js';

@Module({})
class NoHandlers {}

const PERMISSION = /Permissions Violation/;
const decoder = new TextDecoder();

/**
 * What the bus itself enforces, seen from a raw NATS client: who may connect, call, answer,
 * publish events and read buckets (the server's permissions, generated from the contracts),
 * and what a service accepts as the caller's identity (only a principal the gateway signed
 * for that subject, moments ago, once).
 */
describe('bus trust: authenticated NATS, least privilege, signed principals', () => {
  jest.setTimeout(30_000);
  let nats: NatsServerHandle;
  let db: TestDatabase;
  const running: RunningService[] = [];
  const connections: NatsConnection[] = [];
  let api: GatewayClient;
  let creator: Actor;
  let owner: Actor;

  const as = async (name: Parameters<NatsServerHandle['connect']>[0]) => {
    const nc = await nats.connect(name, { reconnect: false });
    connections.push(nc);
    return nc;
  };
  const principalOf = (actor: Actor): Principal => principalFromClaims(accessTokenClaimsSchema.parse(decodeJwt(actor.accessToken)));

  beforeAll(async () => {
    [nats, db] = await Promise.all([startNatsServer(), createTestDatabase()]);
    const env = { DATABASE_URL: db.url, LOG_LEVEL: 'error', SHUTDOWN_TIMEOUT_MS: '2000', ...ROOMY_LIMITS };
    running.push(await startService({ ...identityApp, env: { ...env, ...nats.envFor('identity'), HTTP_PORT: '0' } }));
    // Roster's schema and credentials, without its handlers: the test runs roster's event consumer itself.
    running.push(await startService({ name: 'roster', module: NoHandlers, persistence: rosterApp.persistence, http: rosterApp.http, env: { ...env, ...nats.envFor('roster'), HTTP_PORT: '0' } }));
    const gateway = await startService({ ...gatewayApp, env: { ...env, ...nats.envFor('gateway'), GATEWAY_PORT: '0' } });
    running.push(gateway);
    api = gatewayClient(gateway.url.replace('0.0.0.0', '127.0.0.1'));
    [owner, creator] = await Promise.all([signup(api, 'manager', { org: 'Bus Agency' }), signup(api, 'creator')]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
    for (const s of running.reverse()) await s.close().catch(() => undefined);
    await Promise.all([nats?.stop(), db?.drop()]);
  });

  describe('bus credentials', () => {
    it('refuses a client without credentials', async () => {
      await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/Authorization Violation/);
    });

    it("keeps one service from calling another service's subjects", async () => {
      const roster = await as('roster');
      const subject = identityContracts.keysList.subject;
      await expect(roster.request(subject, encodeRequestFrame(subject, {}), { timeout: 2_000 })).rejects.toThrow(PERMISSION);
    });

    it("keeps one service from answering another's subjects, so the gateway still gets identity's keys", async () => {
      const roster = await as('roster');
      const refused = new Promise<Error>((resolve) => {
        roster.subscribe(identityContracts.keysList.subject, {
          callback: (err, m) => (err ? resolve(err) : void m.respond('{"response":{"data":{"keys":[]}}}')),
        });
      });
      expect(String(await refused)).toMatch(PERMISSION);
      const keys = await busGatewayClient(nats, await as('gateway')).request(identityContracts.keysList, {});
      expect(keys.keys.length).toBeGreaterThan(0);
    });

    it("keeps one service from publishing another's events", async () => {
      const roster = await as('roster');
      const fake = buildEnvelope(grantEvents.activated, {
        aggregateId: randomUUID(),
        aggregateVersion: 1,
        payload: { grantId: randomUUID(), agencyId: owner.organization!.id, creatorId: creator.user.id, status: 'active', scopes: ['rates:write'], expiresAt: null, actorUserId: creator.user.id, at: new Date().toISOString() },
      });
      await expect(jetstream(roster).publish(grantEvents.activated.subject, JSON.stringify(fake))).rejects.toThrow(PERMISSION);
      // Nor can the gateway, which publishes no events at all.
      await expect(jetstream(await as('gateway')).publish(grantEvents.activated.subject, JSON.stringify(fake))).rejects.toThrow(PERMISSION);
    });

    it("keeps a service out of the gateway's idempotency bucket", async () => {
      const campaigns = await as('campaigns');
      await expect(new Kvm(campaigns).open(IDEMPOTENCY_BUCKET).then((kv) => kv.get('anything'))).rejects.toThrow(PERMISSION);
      // The gateway itself uses it (the bucket exists and answers).
      const kv = await new Kvm(await as('gateway')).open(IDEMPOTENCY_BUCKET);
      await expect(kv.get('anything')).resolves.toBeNull();
    });

    it('lets a connector put commands on the intake stream and do nothing else', async () => {
      const connector = await as('connector');
      const ack = await jetstream(connector).publish(ingestionCommands.followers.subject, JSON.stringify({ records: [] }));
      expect(ack.stream).toBe(INGESTION_INTAKE_STREAM);
      await expect(connector.request(identityContracts.keysList.subject, encodeRequestFrame(identityContracts.keysList.subject, {}), { timeout: 2_000 })).rejects.toThrow(PERMISSION);
      await expect(jetstream(connector).publish(grantEvents.activated.subject, '{}')).rejects.toThrow(PERMISSION);
      const refused = new Promise<Error>((resolve) => connector.subscribe('identity.evt.>', { callback: (err) => void (err && resolve(err)) }));
      expect(String(await refused)).toMatch(PERMISSION);
    });

    it('keeps a service from reading an event stream it is not a declared consumer of', async () => {
      // Roster reads identity's events only.
      const roster = await as('roster');
      await expect(jetstream(roster).consumers.get('NEGOTIATION', 'roster__NEGOTIATION').then((c) => c.info())).rejects.toThrow(PERMISSION);
    });
  });

  describe('signed principals (sent with valid bus credentials)', () => {
    const subject = identityContracts.me.subject;
    let gatewayNc: NatsConnection;
    const call = async (token: string | undefined) => {
      const hdrs = natsHeaders();
      if (token !== undefined) hdrs.set(PRINCIPAL_HEADER, token);
      const msg = await gatewayNc.request(subject, encodeRequestFrame(subject, {}), { timeout: 2_000, headers: hdrs });
      return (JSON.parse(decoder.decode(msg.data)) as { response: { data?: { user: { id: string } }; error?: { code: string; detail?: string } } }).response;
    };
    const gatewaySigner = () => new PrincipalSigner(nats.credentials!.signingKeys.gateway);

    beforeAll(async () => {
      gatewayNc = await as('gateway');
    });

    it("serves a principal the gateway signed for this subject (the control)", async () => {
      const reply = await call(gatewaySigner().sign(principalOf(creator), subject));
      expect(reply.data?.user.id).toBe(creator.user.id);
    });

    it.each([
      ['unsigned (plain JSON)', () => JSON.stringify(principalOf(creator)), /not signed/],
      ['forged (a key identity does not know)', () => new PrincipalSigner(generatePrincipalKey().seed).sign(principalOf(creator), subject), /unknown key/],
      ['expired', () => gatewaySigner().sign(principalOf(creator), subject, null, Date.now() - 60_000), /expired/],
      ['re-targeted (signed for another subject)', () => gatewaySigner().sign(principalOf(creator), identityContracts.grantsApprove.subject), /another subject/],
      ['signed by a service that may not call identity', () => new PrincipalSigner(nats.credentials!.signingKeys.roster).sign(principalOf(creator), subject), /roster may not call/],
    ])('refuses a principal that is %s, before any handler runs', async (_what, token, why) => {
      const reply = await call(token());
      expect(reply.data).toBeUndefined();
      expect(reply.error).toMatchObject({ code: 'unauthenticated', detail: expect.stringMatching(why) });
    });

    it('refuses the same signed principal replayed', async () => {
      const token = gatewaySigner().sign(principalOf(creator), subject);
      expect((await call(token)).data?.user.id).toBe(creator.user.id);
      expect((await call(token)).error).toMatchObject({ code: 'unauthenticated', detail: expect.stringMatching(/already used/) });
    });
  });

  it('delivers real grant events to a declared consumer and never a fake one from another publisher', async () => {
    const seen: string[] = [];
    const roster = running[1]!;
    const consumer = new EventConsumer({
      consumer: 'roster',
      nc: await as('roster'),
      orm: roster.app.get(MikroORM),
      handlers: [onEvent(grantEvents.activated, async (_em, event) => void seen.push(event.payload.grantId))],
    });
    await consumer.start();
    try {
      const fakeGrantId = randomUUID();
      const fake = buildEnvelope(grantEvents.activated, {
        aggregateId: fakeGrantId,
        aggregateVersion: 2,
        payload: { grantId: fakeGrantId, agencyId: owner.organization!.id, creatorId: creator.user.id, status: 'active', scopes: ['rates:write'], expiresAt: null, actorUserId: creator.user.id, at: new Date().toISOString() },
      });
      for (const publisher of ['campaigns', 'negotiation', 'gateway'] as const) {
        await expect(jetstream(await as(publisher)).publish(grantEvents.activated.subject, JSON.stringify(fake))).rejects.toThrow(PERMISSION);
      }
      const grant = await requestGrant(api, owner, creator, ['campaigns:read']);
      await approveGrant(api, creator, grant.id);
      await eventually(() => seen.includes(grant.id));
      expect(seen).toEqual([grant.id]);
    } finally {
      await consumer.stop();
    }
  });

  /**
   * JetStream does not hold a stream's configuration to the subject permissions of whoever
   * changes it, so services may not change streams at all: the provisioner made them, and each
   * service checks them before it starts.
   */
  describe('streams are provisioned, not self-served', () => {
    const jsmOf = async (name: Parameters<NatsServerHandle['connect']>[0]) => jetstreamManager(await as(name));
    const reprovision = async () => provisionBus(await as('provisioner'));
    const fakeGrant = (grantId = randomUUID()) =>
      buildEnvelope(grantEvents.activated, {
        aggregateId: grantId,
        aggregateVersion: 1,
        payload: { grantId, agencyId: owner.organization!.id, creatorId: creator.user.id, status: 'active', scopes: ['rates:write'], expiresAt: null, actorUserId: creator.user.id, at: new Date().toISOString() },
      });

    it.each<[string, (jsm: JetStreamManager) => Promise<unknown>]>([
      ["adding another service's request subject to its own stream (capturing logins)", (jsm) => jsm.streams.update('ROSTER', { subjects: ['roster.evt.>', identityContracts.login.subject] })],
      ["adding other services' streams and the idempotency bucket as sources of its intake", (jsm) => jsm.streams.update(INGESTION_INTAKE_STREAM, { sources: [{ name: 'NEGOTIATION' }, { name: 'IDENTITY' }, { name: `KV_${IDEMPOTENCY_BUCKET}` }] })],
      ["creating a mirror of another service's stream", (jsm) => jsm.streams.add({ name: 'IDENTITY_COPY', mirror: { name: 'IDENTITY' } })],
      ['sealing the dead-letter stream', (jsm) => jsm.streams.update(DEAD_LETTER_STREAM, { sealed: true } as never)],
      ['limiting the dead-letter stream (max_msgs, max_age, discard new)', (jsm) => jsm.streams.update(DEAD_LETTER_STREAM, { max_msgs: 1, max_age: nanos(1_000), discard: 'new' as never })],
      // 2.9 refuses any republish change by itself; the permission refuses it on every version.
      ["adding a republish of its stream into another's subjects", (jsm) => jsm.streams.update('ROSTER', { republish: { src: 'roster.evt.>', dest: 'identity.evt.>' } })],
      ['purging its own stream', (jsm) => jsm.streams.purge('ROSTER')],
      ['deleting its own stream', (jsm) => jsm.streams.delete('ROSTER')],
      ['deleting a dead letter', (jsm) => jsm.streams.deleteMessage(DEAD_LETTER_STREAM, 1)],
      ['deleting its own durable consumer', (jsm) => jsm.consumers.delete('IDENTITY', 'roster__IDENTITY')],
      ['creating a consumer under a name that is not its own', (jsm) => jsm.consumers.add('IDENTITY', { durable_name: 'negotiation-grants__IDENTITY', ack_policy: AckPolicy.Explicit })],
      ["creating a push consumer delivering into the gateway's inbox", (jsm) => jsm.consumers.add('IDENTITY', { durable_name: 'spy', deliver_subject: '_INBOX_gateway.spy', ack_policy: AckPolicy.None })],
      ['creating an ephemeral push consumer', (jsm) => jsm.consumers.add('IDENTITY', { deliver_subject: '_INBOX_roster.spy', ack_policy: AckPolicy.None })],
    ])('refuses a service %s', async (_what, attempt) => {
      const name = _what.includes('intake') ? 'metrics-ingestion' : 'roster';
      await expect(attempt(await jsmOf(name))).rejects.toThrow(PERMISSION);
    });

    it('keeps its own durable a pull consumer: turning it into a push consumer is refused', async () => {
      const jsm = await jsmOf('roster');
      await expect(jsm.consumers.add('IDENTITY', { durable_name: 'roster__IDENTITY', deliver_subject: '_INBOX_gateway.spy', ack_policy: AckPolicy.Explicit })).rejects.toThrow();
      expect((await jsm.consumers.info('IDENTITY', 'roster__IDENTITY')).config.deliver_subject).toBeUndefined();
    });

    it('refuses to start a service on a stream changed behind its back, naming the difference, and starts once provisioned again', async () => {
      const admin = await jsmOf('admin');
      await admin.streams.update('ROSTER', { max_msgs: 1000, sources: [{ name: 'IDENTITY' }] });
      const env = { DATABASE_URL: db.url, LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '2000', ...nats.envFor('roster'), HTTP_PORT: '0' };
      const start = () => startService({ name: 'roster', module: NoHandlers, persistence: rosterApp.persistence, http: rosterApp.http, env });
      await expect(start()).rejects.toThrow(/stream ROSTER is not configured as the registry says: sources is \[\{"name":"IDENTITY"\}\], the registry says none; max_msgs is 1000, the registry says -1 \(run `npm run bus:provision`/);
      await reprovision();
      const roster = await start();
      await roster.close();
    });

    it('ignores a forged event replayed into its producer\'s stream from a stream the attacker controls', async () => {
      // The attacker's stream republishes what it stores as identity's grant event (on 2.10+ a
      // service could add that to its own stream, were it allowed to update it).
      const admin = await jsmOf('admin');
      await admin.streams.add({ name: 'FORGED', subjects: ['forged.>'], republish: { src: 'forged.grant', dest: grantEvents.activated.subject } });
      const seen: string[] = [];
      const outcomes: EventOutcome[] = [];
      const consumer = new EventConsumer({
        consumer: 'roster',
        nc: await as('roster'),
        orm: running[1]!.app.get(MikroORM),
        handlers: [onEvent(grantEvents.activated, async (_em, event) => void seen.push(event.payload.grantId))],
        onSettled: (_subject, outcome) => outcomes.push(outcome),
      });
      await consumer.start();
      try {
        const forged = fakeGrant();
        await jetstream(await as('admin')).publish('forged.grant', JSON.stringify(forged));
        // It did reach identity's stream, as a perfect envelope naming identity as its producer.
        const stored = await admin.streams.getMessage('IDENTITY', { last_by_subj: grantEvents.activated.subject });
        expect(stored!.json<{ id: string; producer: string }>()).toMatchObject({ id: forged.id, producer: 'identity' });
        await eventually(() => outcomes.includes('untrusted'));
        // A real grant after it is applied; the forged one never was.
        const another = await signup(api, 'creator');
        const grant = await requestGrant(api, owner, another, ['campaigns:read']);
        await approveGrant(api, another, grant.id);
        await eventually(() => seen.includes(grant.id));
        expect(seen).not.toContain(forged.payload.grantId);
      } finally {
        await consumer.stop();
        await admin.streams.delete('FORGED');
      }
    });

    it('keeps a message it cannot dead-letter un-acked, and dead-letters it once the dead-letter stream is back', async () => {
      const admin = await jsmOf('admin');
      const failures: string[] = [];
      const consumer = new EventConsumer({
        consumer: 'roster',
        nc: await as('roster'),
        orm: running[1]!.app.get(MikroORM),
        handlers: [onEvent(grantEvents.activated, async () => undefined)],
        retry: { baseMs: 50, maxMs: 200 },
        onDeadLetterFailed: (subject) => failures.push(subject),
      });
      await consumer.start();
      try {
        await admin.streams.delete(DEAD_LETTER_STREAM);
        // Identity's own (broken) event: unreadable, so a dead letter, which cannot be stored now.
        const ack = await jetstream(await as('identity')).publish(grantEvents.activated.subject, '{not json');
        await eventually(() => failures.length >= 2);
        const held = await admin.consumers.info('IDENTITY', 'roster__IDENTITY');
        expect(held.ack_floor.stream_seq).toBeLessThan(ack.seq);
        await reprovision();
        await eventually(async () => (await admin.consumers.info('IDENTITY', 'roster__IDENTITY')).ack_floor.stream_seq >= ack.seq);
        const letter = await admin.streams.getMessage(DEAD_LETTER_STREAM, { last_by_subj: deadLetterSubject('IDENTITY', 'roster') });
        expect(letter!.header.get('tp-dlq-sequence')).toBe(String(ack.seq));
      } finally {
        await consumer.stop();
      }
    });
  });
});
