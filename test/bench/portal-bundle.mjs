// The portal's initial JavaScript against its 250 KB (gzipped) budget.
//
//   npm run build:portal && npm run bench:portal
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INITIAL_JS_BUDGET, measureBundle } from '../portal/support/bundle-size.js';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/portal');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const { rows, initialJs } = measureBundle(dist);
for (const r of rows) console.log(`${r.initial ? 'initial' : 'lazy   '}  ${r.file.padEnd(40)} ${kb(r.gzipped).padStart(9)} gzipped`);
console.log(`initial JavaScript: ${kb(initialJs)} gzipped (budget ${kb(INITIAL_JS_BUDGET)})`);
if (initialJs > INITIAL_JS_BUDGET) {
  console.error('over budget');
  process.exitCode = 1;
}
