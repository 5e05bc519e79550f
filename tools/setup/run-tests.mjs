// `npm test`: make sure what the tests need is on this machine, then lint and run every Jest
// project. nats-server, Chromium and promtool are installed when missing and allowed (system-deps.mjs).
// PostgreSQL is the server at TEST_DATABASE_URL, else DATABASE_URL, else 127.0.0.1:5432, when
// it answers; otherwise an embedded one (data in .data/test/postgres) that lives as long as the
// run. Each test file creates and drops its own database on it.
//
//   npm test                   lint, then every test
//   npm test -- <jest args>    lint, then Jest with those arguments (e.g. a path)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePostgres, hostPort, InfraError, redactUrl, tcpOpen } from '../../deploy/local/infra.mjs';
import { say } from '../../deploy/local/log-format.mjs';
import { ensureSystemDependencies } from './system-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const JEST = path.join(root, 'node_modules/jest/bin/jest.js');
const JEST_NODE_OPTIONS = '--experimental-vm-modules --no-warnings=ExperimentalWarning';

let child;
let interrupted = false;
// A Ctrl-C reaches the running step too (same process group): let it finish its own way, then
// stop the embedded server below. A SIGTERM is passed on.
process.on('SIGINT', () => (interrupted = true));
process.on('SIGTERM', () => {
  interrupted = true;
  child?.kill('SIGTERM');
});

function run(command, args, env) {
  return new Promise((resolve) => {
    child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.once('error', (err) => {
      say(`${command}: ${err.message}`, 'red');
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function postgres() {
  const explicit = process.env.TEST_DATABASE_URL;
  const url = explicit || process.env.DATABASE_URL || DEFAULT_URL;
  if (explicit) {
    const { host, port } = hostPort(explicit, 5432);
    if (!(await tcpOpen(host, port))) {
      throw new InfraError(`TEST_DATABASE_URL (${redactUrl(explicit)}) does not answer: start that server, or unset TEST_DATABASE_URL to use an embedded PostgreSQL.`);
    }
  }
  let quiet = false;
  const server = await ensurePostgres({
    url,
    dataDir: path.join(root, '.data', 'test'),
    // Tests provoke constraint and serialization errors on purpose, which PostgreSQL logs:
    // its lines are shown until it is ready, and kept for a crash report after that.
    showLine: () => !quiet,
    onUnexpectedExit: () => say('the embedded PostgreSQL stopped during the run; the tests that follow will fail', 'red'),
  });
  quiet = true;
  return server;
}

async function main() {
  const deps = ensureSystemDependencies('test', { log: (line) => say(line) });
  if (!deps.ok) {
    say(deps.message, 'red');
    return 1;
  }
  let database;
  try {
    database = await postgres();
  } catch (err) {
    if (!(err instanceof InfraError)) throw err;
    say(`${err.message}\nThe tests need a PostgreSQL server where they may CREATE DATABASE: set TEST_DATABASE_URL to one.`, 'red');
    return 1;
  }
  if (database.process) say(`tests use the embedded PostgreSQL at ${redactUrl(database.url)}`);
  const env = {
    ...process.env,
    TEST_DATABASE_URL: database.url,
    NATS_SERVER_BIN: deps.paths['nats-server'],
    CHROMIUM_PATH: deps.paths.chromium,
  };
  try {
    let code = await run('npm', ['run', 'lint'], env);
    if (code === 0 && !interrupted) {
      // Whole-platform tests share two cores with the rest of the suite: a test's own steps can
      // take longer than 20 s there; a test that needs a tighter bound sets it itself.
      code = await run(process.execPath, [JEST, '--maxWorkers=3', '--testTimeout=60000', ...process.argv.slice(2)], { ...env, NODE_OPTIONS: JEST_NODE_OPTIONS });
    }
    return interrupted && code === 0 ? 130 : code;
  } finally {
    await database.process?.stop({ timeoutMs: 10_000 });
  }
}

process.exit(await main());
