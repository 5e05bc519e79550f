// What a browser downloads before the portal's first screen: the files index.html loads
// (entry script, modulepreloads, stylesheets), gzipped at level 9; lazy chunks apart.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET = 250 * 1024;

export function measureBundle(dist) {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initialFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const gz = (file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
  const files = readdirSync(path.join(dist, 'assets')).map((f) => `assets/${f}`);
  const rows = files.map((file) => ({ file, gzipped: gz(file), initial: initialFiles.includes(file) }));
  const initialJs = rows.filter((r) => r.initial && r.file.endsWith('.js')).reduce((sum, r) => sum + r.gzipped, 0);
  return { rows, initialJs };
}
