import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
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
  encodeRequestFrame,
  EventConsumer,
  generatePrincipalKey,
  IDEMPOTENCY_BUCKET,
  onEvent,
  PrincipalSigner,
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
      await jetstreamManager(await as('admin')).then((jsm) => jsm.streams.add({ name: INGESTION_INTAKE_STREAM, subjects: ['metrics-ingestion.cmd.>'] }));
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
});
