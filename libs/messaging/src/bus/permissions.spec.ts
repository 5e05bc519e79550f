import { z } from 'zod';
import { defineCommand, defineEvent, defineRequest, REQUEST_CONTRACTS } from '#libs/contracts';
import { busPermissions, inboxPrefixOf, type BusRegistry } from './permissions.js';

const empty = z.object({});
const registry: BusRegistry = {
  requests: [
    defineRequest({ subject: 'identity.keys.list.v1', description: 't', request: empty, response: empty }),
    defineRequest({ subject: 'metrics.kpis.batch.v1', description: 't', request: empty, response: empty, callers: ['gateway', 'campaigns'] }),
  ],
  events: [
    defineEvent({ subject: 'identity.evt.grant.activated.v1', description: 't', payload: empty, consumers: ['gateway', 'roster'] }),
    defineEvent({ subject: 'negotiation.evt.offer.accepted.v1', description: 't', payload: empty }),
  ],
  commands: [defineCommand({ subject: 'metrics-ingestion.cmd.videos.v1', description: 't', payload: empty })],
  consumers: [{ service: 'roster', consumer: 'roster', producers: ['identity'] }],
  buckets: [{ bucket: 'gateway_idempotency', owner: 'gateway', ttlMs: 60_000, history: 1 }],
};

describe('bus permissions derived from the contracts', () => {
  it('lets a connector publish commands to intake streams and nothing else', () => {
    expect(busPermissions('connector', registry)).toEqual({
      publish: ['metrics-ingestion.cmd.videos.v1'],
      subscribe: [`${inboxPrefixOf('connector')}.>`],
      allowResponses: false,
    });
  });

  it('lets a service answer only its own subjects and reply on its own inbox', () => {
    const identity = busPermissions('identity', registry);
    expect(identity.subscribe.sort()).toEqual(['_INBOX_identity.>', 'identity.keys.list.v1']);
    expect(identity.allowResponses).toBe(true);
    expect(busPermissions('roster', registry).subscribe).not.toContain('identity.keys.list.v1');
  });

  it('lets only the declared callers send a request', () => {
    expect(busPermissions('gateway', registry).publish).toEqual(expect.arrayContaining(['identity.keys.list.v1', 'metrics.kpis.batch.v1']));
    expect(busPermissions('campaigns', registry).publish).toContain('metrics.kpis.batch.v1');
    expect(busPermissions('campaigns', registry).publish).not.toContain('identity.keys.list.v1');
    expect(busPermissions('roster', registry).publish).not.toContain('metrics.kpis.batch.v1');
  });

  it("publishes only the service's own events, and nothing that matches another's", () => {
    const roster = busPermissions('roster', registry).publish;
    expect(roster).toContain('roster.evt.>');
    expect(roster.filter((s) => s.includes('evt'))).toEqual(['roster.evt.>']);
    expect(busPermissions('gateway', registry).publish.some((s) => s.includes('.evt.'))).toBe(false);
  });

  it('gives services stream information only: no create, update, delete, purge or message deletion', () => {
    for (const name of ['roster', 'identity', 'metrics-ingestion', 'gateway'] as const) {
      const publish = busPermissions(name, registry).publish;
      expect(publish.filter((s) => s.startsWith('$JS.API.STREAM.') && !s.startsWith('$JS.API.STREAM.INFO.') && !s.startsWith('$JS.API.STREAM.MSG.GET.'))).toEqual([]);
      expect(publish.some((s) => /DELETE|PURGE/.test(s))).toBe(false);
    }
    expect(busPermissions('roster', registry).publish).toEqual(expect.arrayContaining(['$JS.API.STREAM.INFO.ROSTER', '$JS.API.STREAM.INFO.IDENTITY', '$JS.API.STREAM.INFO.DEAD_LETTER']));
  });

  it('lets a service use only its registered durables, by exact name, and dead-letter only from them', () => {
    const roster = busPermissions('roster', registry).publish;
    expect(roster).toEqual(
      expect.arrayContaining([
        '$JS.API.CONSUMER.CREATE.IDENTITY.roster__IDENTITY',
        '$JS.API.CONSUMER.CREATE.IDENTITY.roster__IDENTITY.>',
        '$JS.API.CONSUMER.DURABLE.CREATE.IDENTITY.roster__IDENTITY',
        '$JS.API.CONSUMER.MSG.NEXT.IDENTITY.roster__IDENTITY',
        '$JS.ACK.IDENTITY.roster__IDENTITY.>',
        'dlq.IDENTITY.roster',
      ]),
    );
    // No wildcard in a consumer's name, no ephemeral (possibly push) consumer, no dead letters for others.
    expect(roster.filter((s) => s.startsWith('$JS.API.CONSUMER.')).every((s) => s.includes('roster__IDENTITY'))).toBe(true);
    expect(roster.filter((s) => s.startsWith('dlq.'))).toEqual(['dlq.IDENTITY.roster']);
    // Not a declared consumer of negotiation's events: no way to read that stream.
    expect(busPermissions('campaigns', registry).publish.some((s) => s.includes('NEGOTIATION'))).toBe(false);
    expect(roster.some((s) => s.includes('KV'))).toBe(false);
    const gateway = busPermissions('gateway', registry).publish;
    expect(gateway).toEqual(expect.arrayContaining(['$KV.gateway_idempotency.>', '$JS.API.CONSUMER.CREATE.IDENTITY.>', '$JS.API.STREAM.INFO.KV_gateway_idempotency']));
  });

  it('lets the provisioner create and update the registered streams and durables, and nothing else', () => {
    const { publish, subscribe } = busPermissions('provisioner', registry);
    expect(publish).toEqual(expect.arrayContaining(['$JS.API.STREAM.CREATE.ROSTER', '$JS.API.STREAM.UPDATE.DEAD_LETTER', '$JS.API.STREAM.CREATE.KV_gateway_idempotency', '$JS.API.CONSUMER.CREATE.IDENTITY.roster__IDENTITY']));
    expect(publish.some((s) => /DELETE|PURGE|MSG\.NEXT|\*/.test(s))).toBe(false);
    // A '>' only as the last token of the one filter each durable is created with.
    expect(publish.filter((s) => s.includes('>'))).toEqual(['$JS.API.CONSUMER.CREATE.IDENTITY.roster__IDENTITY.identity.evt.>']);
    expect(publish.some((s) => !s.startsWith('$JS.API.'))).toBe(false);
    expect(subscribe).toEqual(['_INBOX_provisioner.>']);
  });

  it('gives every principal its own inbox prefix', () => {
    expect(new Set(['gateway', 'identity', 'roster'].map((n) => inboxPrefixOf(n as never))).size).toBe(3);
  });

  it('covers every registered request subject with exactly one answering service', () => {
    for (const contract of REQUEST_CONTRACTS) {
      expect(busPermissions(contract.service).subscribe).toContain(contract.subject);
      for (const caller of contract.callers) expect(busPermissions(caller).publish).toContain(contract.subject);
    }
  });
});
