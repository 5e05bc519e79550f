import { connect, nkeyAuthenticator } from '@nats-io/transport-node';
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
      let nc = await server.connect();
      let jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'PROBE', subjects: ['probe.>'] });
      await jsm.jetstream().publish('probe.a', 'hello');
      await nc.close();

      await server.stop({ keepStore: true });
      expect(await reachable(server.port)).toBe(false);

      await server.restart();
      nc = await server.connect();
      jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info('PROBE');
      expect(info.state.messages).toBe(1);
      await nc.close();
    } finally {
      await server.stop();
    }
    expect(await reachable(server.port)).toBe(false);
    await expect(server.restart()).rejects.toThrow(/stopped for good/);
  }, 20_000);

  it('refuses a client without credentials, and one whose key it does not know', async () => {
    const server = await startNatsServer();
    try {
      await expect(connect({ servers: server.url, reconnect: false })).rejects.toThrow(/Authorization Violation/i);
      const stranger = await startNatsServer();
      try {
        await expect(stranger.connect('gateway').then((nc) => nc.close())).resolves.toBeUndefined();
        const foreignSeed = stranger.envFor('gateway').NATS_NKEY_SEED!;
        await expect(
          connect({ servers: server.url, reconnect: false, authenticator: nkeyAuthenticator(new TextEncoder().encode(foreignSeed)) }),
        ).rejects.toThrow(/Authorization Violation/i);
      } finally {
        await stranger.stop();
      }
    } finally {
      await server.stop();
    }
  }, 20_000);

  it('gives each server its own port', async () => {
    const [a, b] = await Promise.all([startNatsServer(), startNatsServer()]);
    try {
      expect(a.port).not.toBe(b.port);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 20_000);
});
