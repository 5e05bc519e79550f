// NATS and PostgreSQL for a one-machine run: use the servers the environment points at when
// they answer, otherwise start a local nats-server and an embedded PostgreSQL (data under
// .data/), owned by the launcher and stopped with it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { ManagedProcess } from './processes.mjs';
import { say } from './log-format.mjs';
import { ensureSystemDependencies, isExecutable, locate } from '../../tools/setup/system-deps.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class InfraError extends Error {}

// ---------------------------------------------------------------------------------------------
// small network helpers

export function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port) || defaultPort };
}

export function tcpOpen(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something on this machine already listens on the port. */
export function portInUse(port, host = '127.0.0.1') {
  return tcpOpen(host, port, 500);
}

export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

function commandOf(pid) {
  try {
    return execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function waitGone(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  return !alive(pid);
}

/** Stops a server a previous, killed run of the launcher left behind (found by its pid file). */
export async function stopLeftover(pidFile, looksLikeOurs, what, signal) {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0].trim());
  if (Number.isInteger(pid) && pid > 0 && alive(pid) && looksLikeOurs(commandOf(pid))) {
    say(`stopping the ${what} a previous run left behind (pid ${pid})`, 'yellow');
    process.kill(pid, signal);
    if (!(await waitGone(pid, 15_000))) {
      process.kill(pid, 'SIGKILL');
      await waitGone(pid, 5_000);
    }
  }
  // A pid file whose process is gone (or is now some other program) is stale.
  if (!alive(pid) || !looksLikeOurs(commandOf(pid))) rmSync(pidFile, { force: true });
}

// ---------------------------------------------------------------------------------------------
// NATS

export async function natsAnswers(url, connectOptions = {}) {
  const servers = url.split(',');
  let reachable = false;
  for (const server of servers) {
    const { host, port } = hostPort(server, 4222);
    if (await tcpOpen(host, port)) reachable = true;
  }
  if (!reachable) return { ok: false, reason: 'nothing listens there' };
  let nc;
  try {
    nc = await connect({ servers, timeout: 3_000, reconnect: false, name: 'local-launcher-probe', ...connectOptions });
  } catch (err) {
    return { ok: false, reason: `a NATS connect failed: ${err.message}` };
  }
  try {
    await jetstreamManager(nc, { timeout: 3_000 });
    return { ok: true };
  } catch (err) {
    return { ok: false, jetstreamMissing: true, reason: `JetStream is not available: ${err.message}` };
  } finally {
    await nc.close().catch(() => undefined);
  }
}


/**
 * NATS at `url` when it answers with JetStream; otherwise a nats-server started here with
 * JetStream, its store in `<dataDir>/nats`.
 */
/**
 * `auth`: `{ configFile, connectOptions }` to run our own authenticated server (never one that
 * happens to answer at `url`), probed with `connectOptions` (a principal's credentials).
 */
export async function ensureNats({ url, dataDir, onUnexpectedExit, auth, probeOptions }) {
  const storeDir = path.join(dataDir, 'nats');
  const pidFile = path.join(storeDir, 'nats-server.pid');
  await stopLeftover(pidFile, (cmd) => cmd.includes('nats-server') && cmd.includes(storeDir), 'nats-server', 'SIGTERM');

  const probe = auth ? { ok: false, reason: 'authenticated bus wanted' } : await natsAnswers(url, probeOptions);
  if (probe.ok) return { url, process: undefined, note: 'already running' };
  if (probe.jetstreamMissing) {
    throw new InfraError(`NATS at ${url} answers, but ${probe.reason}. Enable JetStream on it (nats-server -js), or unset NATS_URL.`);
  }

  let bin = locate('nats-server', process.env, isExecutable);
  if (!bin) {
    // NATS_URL named a server that does not answer, so one runs here after all: install it if need be.
    const check = ensureSystemDependencies('start', { env: { ...process.env, NATS_URL: '' }, log: (line) => say(line) });
    if (!check.ok) throw new InfraError(`no NATS server answers at ${url}, and none can be started here:\n${check.message}`);
    bin = check.paths['nats-server'];
  }

  const wanted = hostPort(url.split(',')[0], 4222);
  let port = LOOPBACK.has(wanted.host) ? wanted.port : 4222;
  if (await portInUse(port)) {
    const taken = port;
    port = await freePort();
    say(`port ${taken} is taken by something that is not a usable NATS server; nats-server will listen on ${port}`, 'yellow');
  }
  mkdirSync(storeDir, { recursive: true });
  say(
    auth
      ? `starting nats-server with authentication on 127.0.0.1:${port} (store: ${path.relative(process.cwd(), storeDir)}, config: ${path.relative(process.cwd(), auth.configFile)})`
      : `no NATS at ${url} (${probe.reason}); starting nats-server on 127.0.0.1:${port} (store: ${path.relative(process.cwd(), storeDir)})`,
  );
  const proc = new ManagedProcess({
    name: 'nats',
    command: process.execPath,
    args: [path.join(here, 'supervise.mjs'), bin, '-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, '-P', pidFile, ...(auth ? ['-c', auth.configFile] : [])],
    env: process.env,
    ipc: true,
    // Its start-up banner is long; keep problems and the ready line.
    showLine: (line) => /\[(WRN|ERR|FTL)\]|Server is ready/.test(line),
    onUnexpectedExit,
  }).start();

  const local = `nats://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (!proc.running) {
      throw new InfraError(`nats-server exited (${describeExit(proc.exitInfo)}) before accepting connections:\n${proc.recentLines.join('\n')}`);
    }
    if ((await natsAnswers(local, auth?.connectOptions)).ok) return { url: local, process: proc, note: auth ? 'started here, authenticated' : 'started here' };
    await sleep(100);
  }
  await proc.stop({ timeoutMs: 5_000 });
  throw new InfraError(`nats-server did not accept connections on 127.0.0.1:${port} within 15 s:\n${proc.recentLines.join('\n')}`);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const UNREACHABLE = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET']);

async function tryConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return { client };
  } catch (err) {
    await client.end().catch(() => undefined);
    return { err };
  }
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'talent_portal';
}

/**
 * 'ready' (connected, the database exists or was created), 'unreachable' (nothing answers:
 * start one here), or throws when a server answers but refuses us (wrong password, …).
 */
async function preparePostgres(url) {
  const { host, port } = hostPort(url, 5432);
  if (!(await tcpOpen(host, port))) return 'unreachable';
  const first = await tryConnect(url);
  if (first.client) {
    await first.client.end();
    return 'ready';
  }
  if (UNREACHABLE.has(first.err.code) || /timeout/i.test(first.err.message)) return 'unreachable';
  if (first.err.code !== '3D000') {
    throw new InfraError(`PostgreSQL at ${redactUrl(url)} answers but refused the connection: ${first.err.message}. Fix DATABASE_URL, or unset it to use an embedded PostgreSQL.`);
  }
  // The server is there, the database is not yet: create it.
  try {
    await createDatabaseIfMissing(url);
  } catch (err) {
    throw new InfraError(`database "${databaseName(url)}" does not exist at ${redactUrl(url)} and creating it failed: ${err.message}`);
  }
  return 'ready';
}

/** Connects to the server's `postgres` database and creates the one `url` names, if missing. */
async function createDatabaseIfMissing(url) {
  const name = databaseName(url);
  const admin = await tryConnect(withDatabase(url, 'postgres'));
  if (!admin.client) throw admin.err;
  try {
    const { rowCount } = await admin.client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return;
    await admin.client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    say(`created database "${name}"`);
  } catch (err) {
    // Someone else created it in between.
    if (err.code !== '42P04') throw err;
  } finally {
    await admin.client.end();
  }
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

/** A postmaster left running by a killed run is stopped; a pid file without one is removed. */
async function clearStalePostmaster(dataDir) {
  await stopLeftover(
    path.join(dataDir, 'postmaster.pid'),
    (cmd) => /postgres|postmaster/.test(cmd) && cmd.includes(dataDir),
    'PostgreSQL server',
    'SIGINT', // fast shutdown
  );
}

/**
 * PostgreSQL at `url` when it answers (creating the database if needed); otherwise an
 * embedded PostgreSQL with its data in `<dataDir>/postgres`. `showLine` filters the embedded
 * server's log lines (all are shown without it).
 */
export async function ensurePostgres({ url, dataDir, onUnexpectedExit, showLine }) {
  const pgDir = path.join(dataDir, 'postgres');
  if (existsSync(pgDir)) await clearStalePostmaster(pgDir);

  const status = await preparePostgres(url);
  if (status === 'ready') return { url, process: undefined, note: 'already running' };

  const wanted = hostPort(url, 5432);
  let port = LOOPBACK.has(wanted.host) ? wanted.port : 5432;
  if (await portInUse(port)) port = await freePort();

  // A cluster whose initdb never finished has no PG_VERSION; initdb refuses a non-empty dir.
  if (existsSync(pgDir) && !existsSync(path.join(pgDir, 'PG_VERSION')) && readdirSync(pgDir).length > 0) {
    say(`${path.relative(process.cwd(), pgDir)} holds an unfinished cluster (no PG_VERSION); initialising it again`, 'yellow');
    rmSync(pgDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  say(`no PostgreSQL at ${redactUrl(url)}; starting an embedded PostgreSQL on 127.0.0.1:${port} (data: ${path.relative(process.cwd(), pgDir)})`);

  const proc = new ManagedProcess({
    name: 'postgres',
    command: process.execPath,
    args: [path.join(here, 'embedded-postgres.mjs')],
    env: { ...process.env, PG_DATA_DIR: pgDir, PG_PORT: String(port), PG_USER: EMBEDDED_USER, PG_PASSWORD: EMBEDDED_PASSWORD },
    ipc: true,
    onUnexpectedExit,
    showLine,
  }).start();

  const ready = await new Promise((resolve) => {
    proc.child.on('message', (msg) => {
      if (msg?.type === 'ready') resolve({ ok: true });
      if (msg?.type === 'failed') resolve({ ok: false, reason: msg.message });
    });
    proc.exited.then((info) => resolve({ ok: false, reason: `exited (${describeExit(info)})` }));
  });
  if (!ready.ok) {
    await proc.stop({ timeoutMs: 5_000 });
    throw new InfraError(`embedded PostgreSQL did not start: ${ready.reason}\n${proc.recentLines.join('\n')}`);
  }

  const embeddedUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(databaseName(url))}`;
  try {
    await createDatabaseIfMissing(embeddedUrl);
  } catch (err) {
    await proc.stop({ timeoutMs: 10_000 });
    throw new InfraError(`embedded PostgreSQL started, but preparing database "${databaseName(url)}" failed: ${err.message}`);
  }
  return { url: embeddedUrl, process: proc, note: 'embedded, started here' };
}

/** True when no service has migrated into the database yet (no `identity` schema): a first start. */
export async function isFreshDatabase(url) {
  const { client } = await tryConnect(url);
  if (!client) return false;
  try {
    const { rowCount } = await client.query("select 1 from information_schema.schemata where schema_name = 'identity'");
    return rowCount === 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function describeExit(info) {
  if (!info) return 'still running';
  if (info.error) return info.error.message;
  return info.signal ? `signal ${info.signal}` : `code ${info.code}`;
}
