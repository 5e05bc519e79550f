import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { createNkeySeed, generateBusCredentials, nkeyPublicOf, renderServerConfig, type BusCredentials } from '#libs/messaging';
import { canConnect, findBinary, freePort, principalAccess, provisionAs, sleep, type NatsServerHandle } from './nats-server.js';

export interface NatsClusterNode {
  readonly name: string;
  readonly port: number;
  readonly running: boolean;
  /** Ends the node with `signal` (SIGKILL by default: a crash, no goodbye to its peers); its store stays. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the node again on its port and store; it rejoins the cluster and catches up. */
  start(): Promise<void>;
}

export interface NatsCluster extends Pick<NatsServerHandle, 'envFor' | 'connect'> {
  /** Every node's client URL, comma-separated, as `NATS_URL` takes it. */
  readonly url: string;
  readonly nodes: readonly NatsClusterNode[];
  readonly credentials: BusCredentials;
  /** Resolves once JetStream answers with a meta leader (a cluster without one refuses every stream operation). */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops every node and deletes the stores. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILLs every node at once, synchronously: for an exit or signal handler, where nothing can be awaited. */
  killNow(): void;
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 30_000;

/**
 * A private JetStream cluster of `size` nats-server processes on loopback (full mesh of
 * routes, the generated users and permissions on each node), so a test can lose one node —
 * the stream leader included — and see replicated streams carry on. Every stream, bucket and
 * durable of the registry is provisioned with `size` replicas unless `provision` is false.
 * With `noAdvertise` the nodes tell clients no URLs beyond the ones they were given, so a client
 * pointed at proxies (to stall its link) cannot reconnect around them.
 */
export async function startNatsCluster(size = 3, opts: { provision?: boolean; noAdvertise?: boolean } = {}): Promise<NatsCluster> {
  const bin = findBinary();
  const root = await mkdtemp(path.join(tmpdir(), 'tp-nats-cluster-'));
  const credentials = generateBusCredentials();
  const admin = createNkeySeed();
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routePorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const url = ports.map((p) => `nats://${HOST}:${p}`).join(',');
  const children = new Map<number, ChildProcess>();
  const logs = new Map<number, string>();

  const configFile = async (i: number) => {
    const dir = path.join(root, `n${i + 1}`);
    await mkdir(dir, { recursive: true });
    const routes = routePorts.filter((_, j) => j !== i).map((p) => `nats-route://${HOST}:${p}`);
    const text = [
      `server_name: ${JSON.stringify(`n${i + 1}`)}`,
      renderServerConfig(credentials, { host: HOST, port: ports[i], storeDir: path.join(dir, 'js'), adminNkeys: [nkeyPublicOf(admin)], authTimeoutSeconds: 15 }),
      `cluster { name: "tp", listen: "${HOST}:${routePorts[i]}", routes: [${routes.map((r) => JSON.stringify(r)).join(', ')}]${opts.noAdvertise ? ', no_advertise: true' : ''} }`,
      '',
    ].join('\n');
    const file = path.join(dir, 'server.conf');
    await writeFile(file, text);
    return file;
  };
  const files = await Promise.all(ports.map((_, i) => configFile(i)));

  async function launch(i: number): Promise<void> {
    const child = spawn(bin, ['-c', files[i]!], { stdio: ['ignore', 'ignore', 'pipe'] });
    logs.set(i, '');
    child.stderr?.on('data', (chunk: Buffer) => logs.set(i, (logs.get(i)! + chunk.toString()).slice(-4000)));
    children.set(i, child);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`nats-server n${i + 1} exited before accepting connections:\n${logs.get(i)}`);
      if (await canConnect(ports[i]!)) return;
      await sleep(20);
    }
    throw new Error(`nats-server n${i + 1} did not accept connections within ${READY_TIMEOUT_MS} ms:\n${logs.get(i)}`);
  }

  async function kill(i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = children.get(i);
    children.delete(i);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  const access = principalAccess(url, credentials, admin);
  let stopped = false;
  const cluster: NatsCluster = {
    url,
    credentials,
    ...access,
    nodes: ports.map((port, i) => ({
      name: `n${i + 1}`,
      port,
      get running() {
        return children.has(i);
      },
      kill: (signal) => kill(i, signal),
      start: () => launch(i),
    })),
    async ready(timeoutMs = READY_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < deadline) {
        const nc = await access.connect('admin', { reconnect: false }).catch((err: unknown) => (last = err, undefined));
        if (nc) {
          try {
            await (await jetstreamManager(nc, { timeout: 2_000 })).getAccountInfo();
            return;
          } catch (err) {
            last = err;
          } finally {
            await nc.close();
          }
        }
        await sleep(250);
      }
      throw new Error(`the NATS cluster has no JetStream meta leader after ${timeoutMs} ms: ${String(last)}\n${[...logs.values()].join('\n')}`);
    },
    killNow() {
      for (const child of children.values()) child.kill('SIGKILL');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(ports.map((_, i) => kill(i, 'SIGTERM')));
      await rm(root, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(ports.map((_, i) => launch(i)));
    await cluster.ready();
    // Replicated on every node, as a clustered deployment's `npm run bus:provision` makes them.
    if (opts.provision ?? true) await provisionAs(access, credentials, { replicas: size });
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
