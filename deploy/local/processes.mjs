// Child processes the launcher owns: started in their own process group (so a Ctrl-C in the
// terminal reaches only the launcher, which then stops them in order), logs prefixed line by
// line, and stopped with SIGTERM, then SIGKILL after a grace period.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { formatLine, say } from './log-format.mjs';

const owned = new Set();

export class ManagedProcess {
  /**
   * @param {object} opts
   * @param {string} opts.name prefix of every log line
   * @param {string} opts.command
   * @param {string[]} opts.args
   * @param {NodeJS.ProcessEnv} [opts.env]
   * @param {string} [opts.cwd]
   * @param {boolean} [opts.ipc] open an IPC channel (the child can notice the launcher is gone)
   * @param {(line: string) => boolean} [opts.showLine] filter for noisy tools
   * @param {(info: {code: number|null, signal: string|null}) => void} [opts.onUnexpectedExit]
   */
  constructor(opts) {
    this.opts = opts;
    this.name = opts.name;
    this.child = undefined;
    this.stopping = false;
    this.exitInfo = undefined;
    this.exited = undefined;
    this.recentLines = [];
  }

  get pid() {
    return this.child?.pid;
  }

  get running() {
    return this.child !== undefined && this.exitInfo === undefined;
  }

  start() {
    const { command, args, env, cwd, ipc } = this.opts;
    const child = spawn(command, args, {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])],
    });
    this.child = child;
    owned.add(this);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        owned.delete(this);
        resolve(this.exitInfo);
        if (!this.stopping) this.opts.onUnexpectedExit?.(this.exitInfo);
      });
    });
    child.once('error', (err) => {
      // Spawn failures (missing binary) never emit 'exit'.
      if (this.exitInfo) return;
      this.exitInfo = { code: null, signal: null, error: err };
      owned.delete(this);
      say(`${this.name}: ${err.message}`, 'red');
      if (!this.stopping) this.opts.onUnexpectedExit?.(this.exitInfo);
    });
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.#log(line));
    }
    return this;
  }

  #log(line) {
    if (!line.trim()) return;
    this.recentLines.push(line);
    if (this.recentLines.length > 30) this.recentLines.shift();
    if (this.opts.showLine && !this.opts.showLine(line)) return;
    process.stdout.write(`${formatLine(this.name, line)}\n`);
  }

  /** Sends `signal` to the process itself, then SIGKILL to its whole group after `timeoutMs`. */
  async stop({ timeoutMs = 15_000, signal = 'SIGTERM' } = {}) {
    this.stopping = true;
    if (!this.child) return undefined;
    if (!this.running) {
      // It is gone, but what it started may not be (a postmaster whose runner was killed).
      signalGroup(this.child.pid, signal);
      return this.exitInfo;
    }
    signalPid(this.child.pid, signal);
    const timer = setTimeout(() => {
      say(`${this.name} did not stop within ${Math.round(timeoutMs / 1000)} s; killing it`, 'yellow');
      signalGroup(this.child.pid, 'SIGKILL');
    }, timeoutMs);
    const info = await this.exited;
    clearTimeout(timer);
    // Anything it started and left behind goes with it.
    signalGroup(this.child.pid, 'SIGKILL');
    return info;
  }

  /** Immediate SIGKILL of the process group (second Ctrl-C, or the launcher crashing). */
  kill() {
    this.stopping = true;
    if (this.child?.pid) signalGroup(this.child.pid, 'SIGKILL');
  }
}

function signalPid(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}

/** Every child still running: the last-resort cleanup when the launcher itself exits. */
export function ownedProcesses() {
  return [...owned];
}

/**
 * Whatever happens to the launcher (an uncaught error, process.exit), no child outlives it.
 * Children are in their own process groups, so nothing else would stop them.
 */
process.on('exit', () => {
  for (const proc of owned) {
    if (proc.running) signalPid(proc.pid, 'SIGTERM');
  }
});
