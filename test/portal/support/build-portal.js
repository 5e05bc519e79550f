// Builds the portal (vite) into dist/portal unless a build newer than every source file is
// already there; runs once per `npm test`, before the browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

export default function buildPortal() {
  const index = path.join(root, 'dist/portal/index.html');
  const sources = Math.max(newest(path.join(root, 'services/portal/src')), statSync(path.join(root, 'services/portal/index.html')).mtimeMs, statSync(path.join(root, 'services/portal/vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '-c', path.join(root, 'services/portal/vite.config.ts')], {
    cwd: root,
    stdio: 'inherit',
    // Jest sets NODE_ENV=test, which would give the portal React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`building the portal failed (vite exit ${result.status})`);
}
