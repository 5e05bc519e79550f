import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import type { ServiceName } from '#libs/contracts';
import {
  busConnectOptions,
  busEnvOf,
  createNkeySeed,
  generateBusCredentials,
  nkeyPublicOf,
  nkeySeedAuthenticator,
  provisionBus,
  renderServerConfig,
  type BusCredentials,
  type BusUser,
  type EnsureStreamsOptions,
} from '#libs/messaging';

export interface NatsServerHandle {
  readonly url: string;
  readonly port: number;
  /** The running server process's pid (undefined while it is stopped), e.g. to read its CPU time. */
  readonly pid: number | undefined;
  /**
   * Stops the server (SIGTERM, waits for exit). By default this is the final stop and the
   * JetStream store is deleted; pass `{ keepStore: true }` to simulate an outage that a later
   * `restart()` recovers from with every stream and message intact.
   */
  stop(opts?: { keepStore?: boolean }): Promise<void>;
  /** Starts the server again on the same port and store (stopping it first if it runs). */
  restart(): Promise<void>;
  /** The generated nkeys and principal keys of this server (auth on), as a deployment's generator writes them. */
  readonly credentials?: BusCredentials;
  /**
   * Environment a service (or the gateway) needs to reach this server as itself; `admin` is
   * for test-only services whose subjects are in no contract.
   */
  envFor(name: ServiceName | 'admin'): Record<string, string>;
  /**
   * A client connection as `as`, holding exactly that principal's bus permissions, or as a
   * test-only administrator (the default) that may do anything, for tests of the libraries.
   */
  connect(as?: BusUser | 'admin', opts?: Partial<ConnectionOptions>): Promise<NatsConnection>;
}

export interface NatsServerOptions {
  /** Users and permissions generated from the contract registry (default); false runs an open server. */
  auth?: boolean;
  /** The server's `max_payload` in bytes (its default is 1 MiB): lets a test send a message too big. */
  maxPayload?: number;
  /**
   * Provision every stream, bucket and durable from the registry as the provisioner principal
   * once the server is up, as a deployment's `npm run bus:provision` does (default true).
   */
  provision?: boolean;
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export function findBinary(): string {
  const explicit = process.env.NATS_SERVER_BIN;
  if (explicit) return explicit;
  // sbin dirs are not on every user's PATH, but that is where Debian installs nats-server.
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error(
    'nats-server not found on PATH: integration tests need a real NATS server with JetStream. ' +
      '`npm test` installs it when it may (tools/setup/system-deps.mjs); otherwise install it ' +
      '(Debian/Ubuntu: `apt-get install nats-server`; or a release from ' +
      'https://github.com/nats-io/nats-server/releases) or set NATS_SERVER_BIN to its path.',
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How a test reaches a server (or a cluster, `url` listing its nodes) as one principal: the
 * environment a service needs, or a connection holding that principal's permissions.
 */
export function principalAccess(
  url: string,
  credentials: BusCredentials | undefined,
  admin: string | undefined,
): Pick<NatsServerHandle, 'envFor' | 'connect'> {
  const optionsFor = (as: BusUser | 'admin'): Partial<ConnectionOptions> => {
    if (!credentials) return {};
    if (as === 'admin') return { authenticator: nkeySeedAuthenticator(admin!) };
    return busConnectOptions(as, { NATS_NKEY_SEED: credentials.nkeys[as] });
  };
  return {
    envFor: (name) => {
      if (!credentials) return { NATS_URL: url };
      if (name === 'admin') return { NATS_URL: url, ...busEnvOf(credentials, 'gateway'), NATS_NKEY_SEED: admin! };
      return { NATS_URL: url, ...busEnvOf(credentials, name) };
    },
    connect: (as = 'admin', opts = {}) => connect({ servers: url.split(','), ...optionsFor(as), ...opts }),
  };
}

/**
 * Creates every stream, bucket and durable from the registry as the provisioner principal (the
 * administrator on an open server), as a deployment's `npm run bus:provision` does.
 */
export async function provisionAs(
  access: Pick<NatsServerHandle, 'connect'>,
  credentials: BusCredentials | undefined,
  opts: EnsureStreamsOptions = {},
): Promise<void> {
  const nc = await access.connect(credentials ? 'provisioner' : 'admin');
  try {
    await provisionBus(nc, opts);
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/**
 * A private nats-server with JetStream per test file: no shared broker state between files,
 * and a test can take it down and bring it back to prove nothing is lost while it is away.
 */
export async function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const bin = findBinary();
  const storeDir = await mkdtemp(path.join(tmpdir(), 'tp-nats-'));
  const auth = opts.auth ?? true;
  const credentials = auth ? generateBusCredentials() : undefined;
  const admin = auth ? createNkeySeed() : undefined;
  const config: string[] = [];
  // Limits like max_payload have no command-line flag: they come from a config file.
  if (opts.maxPayload !== undefined) config.push(`max_payload: ${Math.floor(opts.maxPayload)}`);
  // Test files run in parallel on busy machines: be patient with a client's handshake.
  if (credentials) config.push(renderServerConfig(credentials, { adminNkeys: [nkeyPublicOf(admin!)], authTimeoutSeconds: 15 }));
  const configArgs: string[] = [];
  if (config.length) {
    const file = path.join(storeDir, 'server.conf');
    await writeFile(file, `${config.join('\n')}\n`);
    configArgs.push('-c', file);
  }
  let port = await freePort();
  let proc: ChildProcess | undefined;
  let storeRemoved = false;

  async function launch(): Promise<void> {
    let log = '';
    const child = spawn(bin, [...configArgs, '-js', '-a', HOST, '-p', String(port), '-sd', storeDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Drain the log (a full pipe would block the server) but keep its tail for error messages.
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    let exited: string | undefined;
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
    });
    child.once('error', (err) => {
      exited = err.message;
    });
    proc = child;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`nats-server ${exited} before accepting connections:\n${log}`);
      if (await canConnect(port)) return;
      await sleep(20);
    }
    await kill();
    throw new Error(`nats-server did not accept connections on ${HOST}:${port} within ${READY_TIMEOUT_MS} ms:\n${log}`);
  }

  async function kill(): Promise<void> {
    const child = proc;
    proc = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  try {
    await launch();
  } catch (err) {
    // A port grabbed between probing and binding is the one likely race: retry once elsewhere.
    port = await freePort();
    try {
      await launch();
    } catch {
      await rm(storeDir, { recursive: true, force: true });
      throw err;
    }
  }

  const url = `nats://${HOST}:${port}`;
  const access = principalAccess(url, credentials, admin);
  if (opts.provision ?? true) {
    try {
      await provisionAs(access, credentials);
    } catch (err) {
      await kill();
      await rm(storeDir, { recursive: true, force: true });
      throw err;
    }
  }
  return {
    url,
    port,
    get pid() {
      return proc?.pid;
    },
    credentials,
    ...access,
    async stop(opts = {}) {
      await kill();
      if (!opts.keepStore && !storeRemoved) {
        storeRemoved = true;
        await rm(storeDir, { recursive: true, force: true });
      }
    },
    async restart() {
      if (storeRemoved) {
        throw new Error('nats-server was stopped for good (store deleted); use stop({ keepStore: true }) before restart()');
      }
      await kill();
      await launch();
    },
  };
}
