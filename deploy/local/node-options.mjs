// The Node options every service runs with. They are written once, in the runtime stage of
// deploy/Dockerfile (`ENV NODE_OPTIONS=…`), which every service image, docker compose and the
// Kubernetes manifests inherit; a service started on the host (`npm start`, the benches' built
// services) reads them from there so it runs as the images do.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dockerfile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../Dockerfile');

/** The `NODE_OPTIONS` of deploy/Dockerfile's runtime stage, as a string (empty when it sets none). */
export function serviceNodeOptions(text = readFileSync(dockerfile, 'utf8')) {
  const runtime = text.split(/^FROM /m).find((stage) => /^\S+ AS runtime\b/.test(stage)) ?? '';
  // `ENV NODE_OPTIONS="…"` alone or among other variables of one ENV instruction.
  const match = /NODE_OPTIONS="([^"]*)"/.exec(runtime.replace(/\\\n/g, ' '));
  return match ? match[1].trim() : '';
}
