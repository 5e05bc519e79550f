// Compiles every service (and the libraries they import) into dist/ with one TypeScript
// program: the same output as each project's `tsc -p services/<name>/tsconfig.app.json`,
// type-checked once instead of seven times; then the web portal (Vite) into dist/portal.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Runs a Node tool to completion; resolves with its exit code, its output line by line to `onLine`. */
function runTool(script, args, onLine, env = process.env) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
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

const printLine = (line) => process.stdout.write(`${line}\n`);

/** Files a service reads at run time beside its code (the contract PDF's font), copied into dist/ as the nx build does. */
function copyAssets() {
  const services = path.resolve(here, '../../services');
  for (const name of readdirSync(services)) {
    const assets = path.join(services, name, 'assets');
    if (existsSync(assets)) cpSync(assets, path.resolve(here, '../../dist/services', name, 'assets'), { recursive: true });
  }
}

/** Resolves with the exit code; compiler output goes to `onLine`. */
export async function buildServices(onLine = printLine) {
  const code = await runTool(require.resolve('typescript/bin/tsc'), ['-p', path.join(here, 'tsconfig.build.json'), '--pretty', 'false'], onLine);
  if (code === 0) copyAssets();
  return code;
}

/** The web portal (Vite) into dist/portal, which the gateway serves at `/`. Resolves with the exit code. */
export function buildPortal(onLine = printLine) {
  // vite's package exports do not include its bin script, so it is found by path.
  const vite = path.resolve(here, '../../node_modules/vite/bin/vite.js');
  // Whatever NODE_ENV the caller has, the portal ships React's production build.
  return runTool(vite, ['build', '--logLevel', 'warn', '-c', path.resolve(here, '../../services/portal/vite.config.ts')], onLine, { ...process.env, NODE_ENV: 'production' });
}

// `node deploy/local/build.mjs` builds the services, then the portal, and exits with the first failure.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = (await buildServices()) || (await buildPortal());
}
