import { fork, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '#libs/testing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVER = path.join(root, 'deploy/local/embedded-postgres.mjs');

export interface PrivatePostgres {
  /** The superuser's URL of the `postgres` database. */
  readonly url: string;
  /** Stops the server (a clean shutdown); its data stays for `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and deletes its data. */
  destroy(): Promise<void>;
  /** Asks the launcher to stop the server (SIGTERM) without waiting: for an exit or signal handler. */
  killNow(): void;
}

/**
 * A PostgreSQL server of the suite's own (the embedded one `npm start` uses), so a run can stop
 * it for a while: stopping the machine's shared server would break everyone else's tests.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tp-chaos-pg-'));
  // As root the server runs as a `postgres` user, which must reach the data directory inside.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const proc = fork(SERVER, [], {
      env: { ...process.env, NODE_OPTIONS: '', PG_DATA_DIR: path.join(dataDir, 'data'), PG_PORT: String(port), PG_USER: 'postgres', PG_PASSWORD: 'postgres', LAUNCHER_GONE_GRACE_MS: '0' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child = proc;
    let log = '';
    const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000));
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    await new Promise<void>((resolve, reject) => {
      proc.on('message', (m: { type: string; message?: string }) => (m.type === 'ready' ? resolve() : reject(new Error(`embedded PostgreSQL failed: ${m.message}\n${log}`))));
      proc.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code} before it was ready\n${log}`)));
    });
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await exited;
  }

  await start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    async destroy() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    killNow() {
      // Not SIGKILL: the postmaster would outlive its launcher.
      child?.kill('SIGTERM');
    },
  };
}
