import { Injectable, Module } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { jest } from '@jest/globals';
import { defineEvent } from '#libs/contracts';
import { onEvent, type EventHandlerSet } from '#libs/messaging';
import { createTestDatabase, eventually, startNatsServer, startTcpProxy, type NatsServerHandle, type TcpProxy, type TestDatabase } from '#libs/testing';
import { startService, type RunningService } from '../bootstrap.js';
import { consumerTestApp } from '../consumer-app.test-support.js';

jest.setTimeout(60_000);

const pinged = defineEvent({
  subject: 'identity.evt.gauge.pinged.v1',
  description: 'test-only: something to consume',
  payload: z.object({ n: z.number() }),
});

@Injectable()
class PingHandlers implements EventHandlerSet {
  handlers() {
    return [onEvent(pinged, async () => undefined)];
  }
}

@Module({ providers: [PingHandlers] })
class PingModule {}

const app = consumerTestApp(PingModule, 'roster', PingHandlers);

/** Series lines of `name`, without the default `service` label, e.g. `{source="outbox"} 1`. */
function series(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => l.slice(name.length).replace(/,?service="roster"/, '').replace('{}', '').trim());
}

describe('operational gauges of a running service (real NATS, real Postgres behind a proxy)', () => {
  let nats: NatsServerHandle;
  let db: TestDatabase;
  let proxy: TcpProxy;
  let service: RunningService;
  let admin: NatsConnection;
  const scrape = async () => {
    const res = await fetch(`${service.url}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    [nats, db] = await Promise.all([startNatsServer(), createTestDatabase()]);
    const direct = new URL(db.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.host = `${proxy.host}:${proxy.port}`;
    service = await startService({
      ...app,
      env: { ...nats.envFor('admin'), DATABASE_URL: viaProxy.toString(), HTTP_PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '4000' },
    });
    admin = await nats.connect();
  });
  afterAll(async () => {
    proxy?.restore();
    await service?.close();
    await admin?.close();
    await proxy?.close();
    await Promise.all([nats?.stop(), db?.drop()]);
  });

  it('reads readiness, the outbox table and its durable consumer while all is well', async () => {
    await eventually(async () => series(await scrape(), 'tp_ready')[0] === '1');
    const text = await scrape();
    expect(series(text, 'tp_gauge_source_up').sort()).toEqual(['{source="jetstream"} 1', '{source="outbox"} 1', '{source="readiness"} 1']);
    expect(series(text, 'tp_outbox_unsent_rows')).toEqual(['0']);
    expect(series(text, 'tp_outbox_parked_rows')).toEqual(['0']);
    expect(series(text, 'tp_consumer_pending_messages')).toEqual(['{stream="IDENTITY",consumer="roster",durable="roster__IDENTITY"} 0']);
    expect(series(text, 'tp_dead_letter_messages')).toEqual(['{stream="IDENTITY",consumer="roster"} 0']);
  });

  it('counts a message its consumer dead-lettered', async () => {
    // Not an event envelope: the consumer parks it at once.
    await jetstream(admin).publish(pinged.subject, 'not json', { msgID: 'gauges-unreadable-1' });
    await eventually(async () => series(await scrape(), 'tp_dead_letter_messages')[0]?.endsWith(' 1') ?? false);
  });

  it('keeps answering scrapes while its database hangs: outbox gauges absent, the source and readiness 0, NATS gauges still read', async () => {
    proxy.cut('blackhole');
    try {
      await eventually(async () => series(await scrape(), 'tp_gauge_source_up').includes('{source="outbox"} 0'));
      const text = await scrape();
      expect(series(text, 'tp_outbox_unsent_rows')).toEqual([]);
      expect(series(text, 'tp_outbox_oldest_unsent_age_seconds')).toEqual([]);
      expect(series(text, 'tp_ready')).toEqual(['0']);
      expect(series(text, 'tp_consumer_pending_messages')).toHaveLength(1);
      expect(series(text, 'tp_gauge_source_up')).toContain('{source="jetstream"} 1');
    } finally {
      proxy.restore();
    }
    await eventually(async () => series(await scrape(), 'tp_gauge_source_up').includes('{source="outbox"} 1'));
  });
});
