// The Node options and allocator settings every service runs with. They are written once, in the
// runtime stage of deploy/Dockerfile (`ENV NODE_OPTIONS=… GLIBC_TUNABLES=…`), which every service
// image, docker compose and the Kubernetes manifests inherit; a service started on the host
// (`npm start`, the benches' built services) reads them from there so it runs as the images do.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dockerfile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../Dockerfile');

/** The variables of the runtime stage that shape a service's memory, passed on to services started on the host. */
export const SERVICE_RUNTIME_VARIABLES = ['NODE_OPTIONS', 'GLIBC_TUNABLES'];

/** A variable set in deploy/Dockerfile's runtime stage (`ENV NAME="…"`, alone or among others), or '' when it sets none. */
function runtimeVariable(name, text) {
  const runtime = text.split(/^FROM /m).find((stage) => /^\S+ AS runtime\b/.test(stage)) ?? '';
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(runtime.replace(/\\\n/g, ' '));
  return match ? match[1].trim() : '';
}

/** The `NODE_OPTIONS` of deploy/Dockerfile's runtime stage, as a string (empty when it sets none). */
export function serviceNodeOptions(text = readFileSync(dockerfile, 'utf8')) {
  return runtimeVariable('NODE_OPTIONS', text);
}

/**
 * Every SERVICE_RUNTIME_VARIABLES value of deploy/Dockerfile's runtime stage, to add to a service's
 * environment. NODE_OPTIONS is always there (empty when unset), so the launcher's own never leaks in.
 */
export function serviceEnvironment(text = readFileSync(dockerfile, 'utf8')) {
  const env = {};
  for (const name of SERVICE_RUNTIME_VARIABLES) {
    const value = runtimeVariable(name, text);
    if (value || name === 'NODE_OPTIONS') env[name] = value;
  }
  return env;
}
