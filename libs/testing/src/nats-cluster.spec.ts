import { jetstreamManager } from '@nats-io/jetstream';
import { startNatsCluster, type NatsCluster } from './nats-cluster.js';

describe('startNatsCluster', () => {
  let cluster: NatsCluster;
  beforeAll(async () => {
    cluster = await startNatsCluster(3);
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('keeps an R3 stream writable and whole when the node leading it is killed, and lets that node rejoin', async () => {
    const nc = await cluster.connect();
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'PROBE', subjects: ['probe.>'], num_replicas: 3 });
      const js = jsm.jetstream();
      await js.publish('probe.a', 'one');

      const leader = (await jsm.streams.info('PROBE')).cluster?.leader;
      const node = cluster.nodes.find((n) => n.name === leader)!;
      expect(node).toBeDefined();
      await node.kill();

      // A new leader is elected among the two left; the client retries until it answers. When the
      // killed node also led the meta group, two elections run in turn, and on a loaded machine
      // that has taken longer than 15 s: the bound is time, not a count of fast-failing tries.
      let published = false;
      let lastError: unknown;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !published) {
        published = await js.publish('probe.a', 'two', { msgID: 'two', timeout: 1_000 }).then(() => true, (err: unknown) => ((lastError = err), false));
        if (!published) await new Promise((r) => setTimeout(r, 250));
      }
      if (!published) throw lastError;
      expect(published).toBe(true);
      await node.start();
      await cluster.ready();
      const info = await jsm.streams.info('PROBE');
      expect(info.state.messages).toBe(2);
      expect(info.cluster?.replicas).toHaveLength(2);
    } finally {
      await nc.close();
    }
  }, 120_000);
});
