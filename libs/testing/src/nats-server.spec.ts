import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createConnection } from 'node:net';
import { startNatsServer } from './nats-server.js';

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => (s.destroy(), resolve(false)));
  });

describe('startNatsServer', () => {
  it('runs a private JetStream server that keeps its streams across stop({ keepStore }) and restart()', async () => {
    const server = await startNatsServer();
    try {
      let nc = await connect({ servers: server.url });
      let jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'PROBE', subjects: ['probe.>'] });
      await jsm.jetstream().publish('probe.a', 'hello');
      await nc.close();

      await server.stop({ keepStore: true });
      expect(await reachable(server.port)).toBe(false);

      await server.restart();
      nc = await connect({ servers: server.url });
      jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info('PROBE');
      expect(info.state.messages).toBe(1);
      await nc.close();
    } finally {
      await server.stop();
    }
    expect(await reachable(server.port)).toBe(false);
    await expect(server.restart()).rejects.toThrow(/stopped for good/);
  });

  it('gives each server its own port', async () => {
    const [a, b] = await Promise.all([startNatsServer(), startNatsServer()]);
    try {
      expect(a.port).not.toBe(b.port);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
