// Compiles every service (and the libraries they import) into dist/ with one TypeScript
// program: the same output as each project's `tsc -p services/<name>/tsconfig.app.json`,
// type-checked once instead of seven times.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Resolves with the exit code; compiler output goes to `onLine`. */
export function buildServices(onLine = (line) => process.stdout.write(`${line}\n`)) {
  const tsc = require.resolve('typescript/bin/tsc');
  const child = spawn(process.execPath, [tsc, '-p', path.join(here, 'tsconfig.build.json'), '--pretty', 'false'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pending = '';
  const onData = (chunk) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) if (line.trim()) onLine(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve) => {
    child.once('error', (err) => {
      onLine(err.message);
      resolve(1);
    });
    child.once('close', (code) => {
      if (pending.trim()) onLine(pending);
      resolve(code ?? 1);
    });
  });
}

/** The web portal (Vite) into dist/portal, which the gateway serves at `/`. Resolves with the exit code. */
export function buildPortal(onLine = (line) => process.stdout.write(`${line}\n`)) {
  const vite = require.resolve('vite/bin/vite.js');
  const config = path.resolve(here, '../../services/portal/vite.config.ts');
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const onData = (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) onLine(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve) => {
    child.once('error', (err) => {
      onLine(err.message);
      resolve(1);
    });
    child.once('close', (code) => resolve(code ?? 1));
  });
}

// `node deploy/local/build.mjs` builds the services, then the portal, and exits with the first failure.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = (await buildServices()) || (await buildPortal());
}
