// The services a one-machine run starts, their HTTP ports, and how to check on them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceEnvironment } from './node-options.mjs';
import { ManagedProcess } from './processes.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Backend services (HTTP_PORT) in start order; the gateway (GATEWAY_PORT) comes last. */
export const BACKENDS = [
  { name: 'identity', port: 3101 },
  { name: 'roster', port: 3102 },
  { name: 'campaigns', port: 3103 },
  { name: 'negotiation', port: 3104 },
  { name: 'metrics-ingestion', port: 3105 },
  { name: 'metrics', port: 3106 },
  { name: 'notifications', port: 3107 },
];

export function gatewayPort(env = process.env) {
  const port = Number(env.GATEWAY_PORT || 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`GATEWAY_PORT must be a TCP port (got "${env.GATEWAY_PORT}")`);
  return port;
}

export function allServices(env = process.env) {
  return [...BACKENDS.map((s) => ({ ...s, portEnv: 'HTTP_PORT' })), { name: 'gateway', port: gatewayPort(env), portEnv: 'GATEWAY_PORT' }];
}

export function entryPoint(name) {
  return path.join(root, 'dist', 'services', name, 'src', 'main.js');
}

export function missingBuilds() {
  return allServices().filter((s) => !existsSync(entryPoint(s.name))).map((s) => s.name);
}

/**
 * The second replica of a service (`npm start -- --cluster`): the same program under
 * `<name>-2`, on ports of its own (backends +100; the gateway on the next port, its
 * operations port +10), so both run on one machine.
 */
export function secondReplica(service) {
  const gateway = service.name === 'gateway';
  const opsPort = Number(process.env.GATEWAY_OPS_PORT || 3100) + 10;
  return { ...service, name: `${service.name}-2`, program: service.name, port: gateway ? service.port + 1 : service.port + 100, env: gateway ? { GATEWAY_OPS_PORT: String(opsPort) } : {} };
}

/** Starts one service from its build, with the launcher's environment plus its own port. */
export function spawnService(service, env, onUnexpectedExit) {
  const childEnv = { ...env, ...service.env, [service.portEnv]: String(service.port) };
  // NODE_OPTIONS meant for the launcher (or a debugger) should not leak into seven processes:
  // each runs with the images' own, and their allocator settings.
  Object.assign(childEnv, serviceEnvironment());
  return new ManagedProcess({
    name: service.name,
    command: process.execPath,
    // The preload shuts the service down if the launcher disappears without stopping it.
    args: ['--import', './deploy/local/exit-with-parent.mjs', path.relative(root, entryPoint(service.program ?? service.name))],
    cwd: root,
    env: childEnv,
    ipc: true,
    onUnexpectedExit,
  }).start();
}

async function getJson(url, timeoutMs = 3_000) {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  let body;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

/** GET /v1/health on the gateway: `{ status, body }`, or `{ error }` when it does not answer. */
export async function platformHealth(port) {
  try {
    return await getJson(`http://127.0.0.1:${port}/v1/health`);
  } catch (err) {
    return { error: err.cause?.code ?? err.message };
  }
}

/**
 * One line per service saying whether it is up and, if not, the best reason known: the
 * process exited, its own readiness probe, or what the gateway saw.
 */
export async function describeServices(services, processes, lastHealth) {
  const fromGateway = new Map((lastHealth?.body?.services ?? []).map((s) => [s.name, s]));
  const width = Math.max(...services.map((s) => s.name.length)) + 2;
  const lines = [];
  for (const service of services) {
    const proc = processes.get(service.name);
    let state;
    let detail;
    if (!proc || !proc.running) {
      state = 'down';
      detail = proc?.exitInfo ? `process exited (${proc.exitInfo.signal ?? `code ${proc.exitInfo.code}`})` : 'not started';
    } else if ((service.program ?? service.name) === 'gateway') {
      state = lastHealth?.status ? 'up' : 'down';
      detail = lastHealth?.error ? `GET /v1/health failed: ${lastHealth.error}` : `GET /v1/health answered ${lastHealth?.status}`;
    } else {
      const seen = service.program ? undefined : fromGateway.get(service.name);
      let ready;
      try {
        ready = await getJson(`http://127.0.0.1:${service.port}/health/ready`, 2_000);
      } catch (err) {
        ready = { error: err.cause?.code ?? err.message };
      }
      state = seen ? seen.status : ready.status === 200 ? 'up' : 'down';
      const parts = [];
      if (ready.error) parts.push(`no HTTP answer on :${service.port} (${ready.error}; still starting?)`);
      else if (ready.body?.checks) parts.push(`checks ${Object.entries(ready.body.checks).map(([k, v]) => `${k}=${v}`).join(' ')}`);
      if (seen?.error) parts.push(`gateway: ${seen.error}`);
      detail = parts.join('; ');
    }
    lines.push(`  ${service.name.padEnd(width)}${state.padEnd(6)}${detail}`);
  }
  return lines;
}
