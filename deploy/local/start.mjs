// `npm start`: build every service, make sure NATS and PostgreSQL are there (starting local
// ones if not), start the eight services, wait until the gateway reports every one of them up,
// and print where to go. Ctrl-C (or SIGTERM) stops everything this started, in order.
//
//   npm start                  build, then start
//   npm start -- --no-build    start from the existing dist/ (also SKIP_BUILD=1)
//   npm start -- --cluster     three nats-server processes as one JetStream cluster (R3 streams) and
//                              two replicas of every service (the second on port +100; gateway 3001)
//   npm start -- --demo        load the demo agency, brand, creators and metrics once the platform is up
//                              (also DEMO=1; done by default on a first start with an empty database,
//                              --no-demo or DEMO=0 skips it; refused with NODE_ENV=production)
//
// Without NATS_URL the launcher runs its own nats-server with authentication: users and
// permissions generated from the contracts, credentials in .data/bus (deploy/local/bus.mjs).
//
// Without SMTP_URL it runs a local mail catcher (deploy/local/mail-catcher.mjs) and prints its web page.
//
// Environment: NATS_URL (+ NATS_CREDS_DIR), DATABASE_URL, SMTP_URL, NATS_SERVER_BIN, GATEWAY_PORT (default 3000), STARTUP_TIMEOUT_MS
// (default 90000), STOP_TIMEOUT_MS (default 15000), LOG_FORMAT=json for raw service logs;
// everything else (LOG_LEVEL, OTEL_*, ...) is passed to the services unchanged.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Node 24 or newer is required (this is ${process.versions.node}). Run it through npm (npm start), ` +
      'which uses the Node 24 that `npm install` placed in node_modules/.bin.',
  );
  process.exit(1);
}

const path = await import('node:path');
const { registerNames, say, paint } = await import('./log-format.mjs');
const { buildServices, buildPortal } = await import('./build.mjs');
const { localBus, provisionLocalBus } = await import('./bus.mjs');
const { ensureNats, ensurePostgres, isFreshDatabase, portInUse, redactUrl, describeExit, InfraError } = await import('./infra.mjs');
const { runDemoLoader, demoSetting } = await import('./demo.mjs');
const { ownedProcesses } = await import('./processes.mjs');
const { root, allServices, gatewayPort, missingBuilds, spawnService, platformHealth, describeServices, secondReplica } = await import('./services.mjs');
const { startNatsCluster } = await import('./nats-cluster.mjs');
const { ensureMailCatcher } = await import('./mail-catcher.mjs');
const { nextRestart } = await import('./restart-policy.mjs');
const { ensureSystemDependencies } = await import('../../tools/setup/system-deps.mjs');

const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/talent_portal';
const startupTimeoutMs = Number(process.env.STARTUP_TIMEOUT_MS) || 90_000;
const stopTimeoutMs = Number(process.env.STOP_TIMEOUT_MS) || 15_000;
const skipBuild = process.argv.includes('--no-build') || process.env.SKIP_BUILD === '1';
const cluster = process.argv.includes('--cluster');
const dataDir = path.join(root, '.data');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// A closed terminal or pipe must not turn into a crash that skips the cleanup.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const t0 = performance.now();
const services = cluster ? [...allServices(), ...allServices().map(secondReplica)] : allServices();
const processes = new Map(); // service name -> ManagedProcess
const restarts = new Map(); // service name -> restart state (crashes in a row)
let platformUp = false;
let mailCatcher;
let shuttingDown = false;

registerNames(['build', 'nats', 'nats-1', 'nats-2', 'nats-3', 'postgres', ...services.map((s) => s.name)]);

// ---------------------------------------------------------------------------------------------
// stopping

async function shutdown(exitCode, reason) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (reason) say(reason);
  const t = performance.now();
  const anything = processes.size > 0 || ownedProcesses().length > 0;
  // The door closes first, then the services (they finish in-flight work and publish what
  // their outboxes hold), then the servers they were using.
  const gateways = [...processes.values()].filter((p) => p.name.startsWith('gateway'));
  await Promise.all(gateways.filter((g) => g.running).map((g) => g.stop({ timeoutMs: stopTimeoutMs })));
  const backends = [...processes.values()].filter((p) => !gateways.includes(p));
  await Promise.all(backends.map((p) => p.stop({ timeoutMs: stopTimeoutMs })));
  await Promise.all(ownedProcesses().map((p) => p.stop({ timeoutMs: stopTimeoutMs })));
  await mailCatcher?.stop().catch(() => undefined);
  if (anything) say(`stopped everything in ${seconds(performance.now() - t)}`);
  process.exit(exitCode);
}

let signals = 0;
function onSignal(signal) {
  signals += 1;
  if (signals === 1) {
    void shutdown(0, `${signal} received: stopping (press Ctrl-C again to kill everything at once)`);
    return;
  }
  say('killing everything now', 'red');
  for (const proc of [...processes.values(), ...ownedProcesses()]) proc.kill();
  process.exit(130);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('SIGHUP', onSignal);

function fail(message) {
  say(message, 'red');
  return shutdown(1);
}

// ---------------------------------------------------------------------------------------------
// starting

/** Starts (or restarts) one service with the environment the platform runs on. */
function launch(service, env) {
  const startedAt = performance.now();
  processes.set(service.name, spawnService(service, env, onServiceExit(service, env, startedAt)));
}

function onServiceExit(service, env, startedAt) {
  const { name } = service;
  return (info) => {
    if (shuttingDown) return;
    const how = describeExit(info);
    if (!platformUp) {
      say(`${name} exited during start-up (${how}); its log is above.`, 'red');
      return;
    }
    // The other services keep running (GET /v1/health reports this one down meanwhile).
    const { delayMs, state } = nextRestart(restarts.get(name) ?? { crashes: 0 }, performance.now() - startedAt);
    restarts.set(name, state);
    say(`${name} stopped unexpectedly (${how}); restarting it${delayMs ? ` in ${seconds(delayMs)}` : ''} (crash ${state.crashes} in a row).`, 'red');
    setTimeout(() => {
      if (!shuttingDown) launch(service, env);
    }, delayMs).unref();
  };
}

function onInfraExit(name) {
  return (info) => {
    if (shuttingDown) return;
    say(`${name} (started by this launcher) stopped unexpectedly (${describeExit(info)}). The services will keep retrying; restart the platform to bring it back.`, 'red');
  };
}

async function checkPorts() {
  const busy = [];
  for (const service of services) {
    if (await portInUse(service.port)) busy.push(`${service.port} (${service.name})`);
  }
  if (busy.length) {
    throw new InfraError(
      `port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} already in use: is the platform already running (another npm start, docker compose)? ` +
        'Stop it, or set GATEWAY_PORT for the gateway.',
    );
  }
}

async function build() {
  if (skipBuild) {
    say('skipping the build (--no-build)');
  } else {
    say('building the services (tsc)…');
    const t = performance.now();
    const onLine = (line) => process.stdout.write(`${paint('red', '[build]')} ${line}\n`);
    const code = (await buildServices(onLine)) || (await buildPortal(onLine));
    if (shuttingDown) return false;
    if (code !== 0) {
      await fail(`the build failed (exit code ${code}); fix the errors above and run npm start again`);
      return false;
    }
    say(`built in ${seconds(performance.now() - t)}`);
  }
  const missing = missingBuilds();
  if (missing.length) {
    await fail(`no build output for ${missing.join(', ')} (dist/services/<name>/src/main.js); run npm start without --no-build`);
    return false;
  }
  return true;
}

async function waitUntilHealthy(port) {
  const deadline = performance.now() + startupTimeoutMs;
  let last;
  while (!shuttingDown) {
    const dead = [...processes.values()].filter((p) => !p.running);
    if (dead.length) {
      return { ok: false, last, why: `${dead.map((p) => p.name).join(', ')} exited during start-up` };
    }
    last = await platformHealth(port);
    if (last.status === 200) return { ok: true, last };
    if (performance.now() > deadline) {
      return { ok: false, last, why: `the platform did not become healthy within ${seconds(startupTimeoutMs)}` };
    }
    await sleep(500);
  }
  return { ok: false, last, why: 'stopping' };
}

async function main() {
  const port = gatewayPort();
  await checkPorts();
  // Before the build, so a machine without nats-server learns it at once (or gets it installed).
  const system = ensureSystemDependencies('start', { log: (line) => say(line) });
  if (!system.ok) return fail(system.message);
  if (!(await build()) || shuttingDown) return;

  const bus = await localBus({ dataDir });
  if (cluster && !bus.auth) throw new InfraError('--cluster starts its own NATS servers: unset NATS_URL');
  const nats = cluster ? await startNatsCluster({ dataDir, auth: bus.auth, onUnexpectedExit: onInfraExit('a NATS node') }) : await ensureNats({
    url: process.env.NATS_URL || DEFAULT_NATS_URL,
    dataDir,
    onUnexpectedExit: onInfraExit('nats-server'),
    auth: bus.auth,
    probeOptions: bus.probeOptions,
  });
  if (shuttingDown) return;
  // The provisioner and the services must agree on the stream settings, or the services refuse the streams.
  const streamEnv = { ...process.env, ...(cluster ? { NATS_STREAM_REPLICAS: '3' } : {}) };
  try {
    say(`bus provisioned: ${await provisionLocalBus({ url: nats.url, bus, env: streamEnv })}`);
  } catch (err) {
    return fail(`bus provisioning failed: ${err.message}`);
  }
  const postgres = await ensurePostgres({
    url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
    dataDir,
    onUnexpectedExit: onInfraExit('embedded PostgreSQL'),
  });
  if (shuttingDown) return;
  say(`NATS ${nats.url} (${nats.note}) · PostgreSQL ${redactUrl(postgres.url)} (${postgres.note})`);

  const demo = await demoSetting({ argv: process.argv, env: process.env, freshDatabase: () => isFreshDatabase(postgres.url) });
  if (demo.refused) return fail(demo.refused);
  if (demo.load) say(`demo data: ${demo.why}; the demo operator may issue API keys (PLATFORM_ADMINS)`);
  try {
    mailCatcher = await ensureMailCatcher();
  } catch (err) {
    return fail(`the local mail catcher did not start (${err.message}); set SMTP_URL to use another SMTP server`);
  }
  say(mailCatcher.note);
  // Local development: webhooks may target a receiver on this machine (docs/notifications.md).
  const webhooks = { WEBHOOKS_ALLOW_PRIVATE: process.env.WEBHOOKS_ALLOW_PRIVATE ?? 'true' };
  const env = { ...streamEnv, ...webhooks, NATS_URL: nats.url, DATABASE_URL: postgres.url, GATEWAY_PORT: String(port), PORTAL_URL: `http://127.0.0.1:${port}`, ...mailCatcher.env, ...demo.env };
  const tServices = performance.now();
  say(`starting ${services.map((s) => `${s.name}:${s.port}`).join(' ')}`);
  for (const service of services) launch(service, { ...env, ...bus.envFor(service.program ?? service.name) });

  const result = await waitUntilHealthy(port);
  if (shuttingDown) return;
  if (!result.ok) {
    const lines = await describeServices(services, processes, result.last);
    return fail(`${result.why}:\n${lines.join('\n')}`);
  }
  platformUp = true;
  const url = `http://127.0.0.1:${port}`;
  const up = result.last.body?.services?.length ?? 0;
  say(
    [
      paint(['green', 'bold'], `Talent Portal is up: gateway + ${up} services healthy in ${seconds(performance.now() - tServices)} (${seconds(performance.now() - t0)} in all)`),
      `  Portal ${paint('bold', `${url}/`)}      ${demo.load ? 'demo logins below' : 'sign up, or start with --demo for demo logins (docs/portal.md, "Demo data")'}`,
      `  API   ${paint('bold', url)}        e.g. curl -s ${url}/v1/health`,
      `  Docs  ${paint('bold', `${url}/docs`)}   (OpenAPI JSON: ${url}/docs-json)`,
      ...(mailCatcher?.webUrl ? [`  Mail  ${paint('bold', mailCatcher.webUrl)}   every mail the platform sent (local catcher; SMTP_URL sends for real)`] : []),
      'Press Ctrl-C to stop everything.',
    ].join('\n'),
  );
  if (demo.load && !shuttingDown) {
    const ok = await runDemoLoader(url);
    if (!shuttingDown) say(ok ? 'demo data ready: sign in with a login above' : 'loading the demo data failed (see above); the platform keeps running, and npm run demo retries it', ok ? 'green' : 'red');
  }
}

try {
  await main();
} catch (err) {
  await fail(err instanceof InfraError ? err.message : `start-up failed: ${err?.stack ?? err}`);
}
