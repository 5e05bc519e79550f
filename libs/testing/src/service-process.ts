import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceEnvironment } from '../../../deploy/local/node-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Every JSON log line the service wrote so far. */
  logs: Record<string, unknown>[];
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs a service as its own Node process from source, exactly as `nx serve` does. Used where
 * in-process boot is not enough: auto-instrumentation (loader hooks) and signal handling.
 * `entry` runs another script instead; it must log `<name> started` with a `url`. A compiled
 * entry (`dist/…/main.js`, from `npm run build`) runs as deployed, without the TypeScript loader
 * (whose compiler alone holds about 125 MB of a process's memory) and with the Node options and
 * allocator settings the images set (deploy/Dockerfile).
 */
export function spawnService(
  name: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
  entry = `services/${name}/src/main.ts`,
  opts: { compiled?: boolean; args?: string[] } = {},
): Promise<ServiceProcess> {
  // Compiled (`opts.compiled`, or a `.js` entry): the build's JavaScript, run by plain Node as deployed.
  const compiled = opts.compiled ?? entry.endsWith('.js');
  const args = [...(compiled ? [entry] : ['--conditions=development', '--import', '@swc-node/register/esm-register', entry]), ...(opts.args ?? [])];
  // Compiled, it also runs with the images' Node options and allocator settings; the caller's
  // options come after the images', so they win, as does any other variable the caller sets.
  const images = compiled ? serviceEnvironment() : {};
  const nodeOptions = [images.NODE_OPTIONS ?? '', env.NODE_OPTIONS ?? ''].filter(Boolean).join(' ');
  const child = spawn(
    process.execPath,
    args,
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'info', ...images, ...env, NODE_OPTIONS: nodeOptions }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === `${name} started` && typeof entry.url === 'string') {
            clearTimeout(timer);
            resolve({
              url: entry.url.replace('0.0.0.0', '127.0.0.1'),
              child,
              logs,
              stop: (signal = 'SIGTERM') => {
                if (child.exitCode === null) child.kill(signal);
                return exited;
              },
            });
          }
        } catch {
          // not a JSON log line (e.g. a runtime warning)
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before starting\n${stderr}\n${logs.map((l) => JSON.stringify(l)).join('\n')}`));
    });
  });
}
