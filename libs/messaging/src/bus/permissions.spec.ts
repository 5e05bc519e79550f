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

  it('gives JetStream access to own streams, declared consumers and own buckets only', () => {
    const roster = busPermissions('roster', registry).publish;
    expect(roster).toEqual(expect.arrayContaining(['$JS.API.STREAM.CREATE.ROSTER', '$JS.API.CONSUMER.MSG.NEXT.IDENTITY.*', '$JS.ACK.IDENTITY.>', 'dlq.IDENTITY.*']));
    expect(roster.some((s) => s.includes('DELETE') || s.includes('PURGE'))).toBe(false);
    // Not a declared consumer of negotiation's events: no way to read that stream.
    expect(busPermissions('campaigns', registry).publish.some((s) => s.includes('NEGOTIATION'))).toBe(false);
    expect(roster.some((s) => s.includes('KV'))).toBe(false);
    const gateway = busPermissions('gateway', registry).publish;
    expect(gateway).toEqual(expect.arrayContaining(['$KV.gateway_idempotency.>', '$JS.API.CONSUMER.CREATE.IDENTITY.>']));
    expect(gateway.some((s) => s.startsWith('$JS.API.STREAM.CREATE.') && !s.endsWith('KV_gateway_idempotency'))).toBe(false);
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
