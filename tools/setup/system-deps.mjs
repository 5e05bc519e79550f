// The programs outside node_modules that `npm start` and `npm test` run: nats-server (the bus;
// npm start runs its own, every test file a private one), Chromium (the portal's browser
// tests) and promtool (checks the Prometheus alert rules). On Debian or Ubuntu a missing one is installed with apt-get when that is allowed (as
// root, or through passwordless sudo); otherwise the run stops with the one command to type.
// Plain ESM JavaScript, so it runs before anything is built.
//
//   node tools/setup/system-deps.mjs start|test     check (and install) what that command needs
//
// Environment: NATS_SERVER_BIN, CHROMIUM_PATH and PROMTOOL_BIN name the binaries instead of looking for them;
// SYSTEM_DEPS_INSTALL=0 never installs (the command to run is printed instead).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where each program is looked for, and which package provides it where. */
export const SYSTEM_DEPENDENCIES = {
  'nats-server': {
    override: 'NATS_SERVER_BIN',
    // Debian installs nats-server under /usr/sbin, which is not on every user's PATH.
    onPath: 'nats-server',
    extraDirs: ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/opt/homebrew/bin'],
    packages: { debian: 'nats-server', ubuntu: 'nats-server' },
    elsewhere: 'brew install nats-server, or a release binary from https://github.com/nats-io/nats-server/releases on PATH (or NATS_SERVER_BIN)',
  },
  chromium: {
    override: 'CHROMIUM_PATH',
    // playwright-core drives the distribution's browser: downloading one is not an option here.
    paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
    packages: { debian: 'chromium', ubuntu: 'chromium-browser' },
    elsewhere: 'install Chromium and set CHROMIUM_PATH to its executable',
  },
  promtool: {
    override: 'PROMTOOL_BIN',
    onPath: 'promtool',
    extraDirs: ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'],
    packages: { debian: 'prometheus', ubuntu: 'prometheus' },
    // The package brings the Prometheus server too, enabled and started: only the binary is
    // wanted, so the daemon is stopped and disabled again (where there is no systemd, nothing ran).
    afterInstall: [['systemctl', 'disable', '--now', 'prometheus']],
    elsewhere: 'brew install prometheus, or promtool from a release archive of https://github.com/prometheus/prometheus/releases on PATH (or PROMTOOL_BIN)',
  },
};

/** The programs a command needs: `npm start` runs nats-server only when NATS_URL names no server. */
export function neededFor(command, env) {
  if (command === 'start') return env.NATS_URL ? [] : ['nats-server'];
  if (command === 'test') return ['nats-server', 'chromium', 'promtool'];
  throw new Error(`unknown command "${command}" (start or test)`);
}

/**
 * Where a program is, or undefined. A variable that names it wins, and is then the only place
 * looked at: a wrong path must be fixed, not silently replaced by another binary.
 */
export function locate(name, env, isExecutable) {
  const dep = SYSTEM_DEPENDENCIES[name];
  const explicit = env[dep.override];
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  const candidates = dep.onPath
    ? [...(env.PATH ?? '').split(path.delimiter), ...dep.extraDirs].filter(Boolean).map((dir) => path.join(dir, dep.onPath))
    : dep.paths;
  return candidates.find((file) => isExecutable(file));
}

/** `debian` or `ubuntu` (packages differ) from /etc/os-release, when apt-get is there; else undefined. */
export function aptFamily(osRelease, hasAptGet) {
  if (!hasAptGet) return undefined;
  const field = (key) => new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm').exec(osRelease)?.[1] ?? '';
  return [field('ID'), ...field('ID_LIKE').split(/\s+/)].includes('ubuntu') ? 'ubuntu' : 'debian';
}

const shell = (argv) => argv.join(' ');

/**
 * What to do about the missing programs. Pure: every fact about the machine is an argument.
 *
 * - `missing`: names of SYSTEM_DEPENDENCIES not found;
 * - `env`: to tell a wrong NATS_SERVER_BIN / CHROMIUM_PATH from a program not installed;
 * - `family`: `debian` or `ubuntu` when apt-get is there, undefined otherwise;
 * - `isRoot`, `canSudo` (sudo without a password), `installAllowed` (SYSTEM_DEPS_INSTALL is not 0).
 *
 * Returns `{ action: 'none' }`, `{ action: 'install', packages, steps }` (each step an argv:
 * `apt-get update` once, then one `apt-get install`; with `afterSteps` when a package needs
 * undoing of what it set up, such as a daemon started), or `{ action: 'stop', message }`.
 */
export function decideSetup({ missing, env, family, isRoot, canSudo, installAllowed }) {
  if (missing.length === 0) return { action: 'none' };

  const wrongPaths = missing
    .map((name) => SYSTEM_DEPENDENCIES[name].override)
    .filter((variable) => env[variable])
    .map((variable) => `${variable} is ${env[variable]}, which is not an executable file: point it at the program, or unset it.`);
  if (wrongPaths.length) return { action: 'stop', message: wrongPaths.join('\n') };

  if (!family) {
    const lines = missing.map((name) => `  ${name}: ${SYSTEM_DEPENDENCIES[name].elsewhere}`);
    return { action: 'stop', message: [`Not found: ${missing.join(', ')}. Install, then run the command again:`, ...lines].join('\n') };
  }

  const packages = missing.map((name) => SYSTEM_DEPENDENCIES[name].packages[family]);
  const update = ['apt-get', 'update'];
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...packages];
  const after = missing.flatMap((name) => SYSTEM_DEPENDENCIES[name].afterInstall ?? []);
  const asAdmin = isRoot ? [] : ['sudo', '-n'];
  if (installAllowed && (isRoot || canSudo)) {
    const plan = { action: 'install', packages, steps: [[...asAdmin, ...update], [...asAdmin, ...install]] };
    return after.length ? { ...plan, afterSteps: after.map((step) => [...asAdmin, ...step]) } : plan;
  }

  const sudo = isRoot ? [] : ['sudo'];
  const command = [update, install, ...after].map((step) => shell([...sudo, ...step])).join(' && ');
  const why = installAllowed ? 'installing it needs root or passwordless sudo' : 'SYSTEM_DEPS_INSTALL=0 forbids installing it here';
  return { action: 'stop', message: `Not found: ${missing.join(', ')} (${why}). Run this once, then the command again:\n  ${command}` };
}

// ---------------------------------------------------------------------------------------------
// the machine

export function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readOsRelease() {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

function hasAptGet(env) {
  return [...(env.PATH ?? '').split(path.delimiter), '/usr/bin'].filter(Boolean).some((dir) => isExecutable(path.join(dir, 'apt-get')));
}

function passwordlessSudo() {
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

function missingOf(names, env) {
  return names.filter((name) => !locate(name, env, isExecutable));
}

/**
 * Makes sure what `command` needs is installed, installing it when allowed. Resolves to
 * `{ ok: true, paths }` (each program's path), or `{ ok: false, message }` saying what to do.
 */
export function ensureSystemDependencies(command, { env = process.env, log = (line) => console.error(line) } = {}) {
  const names = neededFor(command, env);
  const missing = missingOf(names, env);
  const isRoot = process.getuid?.() === 0;
  const plan = decideSetup({
    missing,
    env,
    family: missing.length ? aptFamily(readOsRelease(), hasAptGet(env)) : undefined,
    isRoot,
    canSudo: missing.length > 0 && !isRoot && passwordlessSudo(),
    installAllowed: env.SYSTEM_DEPS_INSTALL !== '0',
  });
  if (plan.action === 'stop') return { ok: false, message: plan.message };
  if (plan.action === 'install') {
    log(`installing ${plan.packages.join(', ')} (${missing.join(', ')} not found): ${plan.steps.map(shell).join(' && ')}`);
    for (const step of plan.steps) {
      const run = spawnSync(step[0], step.slice(1), { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (run.status !== 0) return { ok: false, message: `${shell(step)} failed (${run.error?.message ?? `exit code ${run.status}`}); fix that, or install ${plan.packages.join(' ')} yourself.` };
    }
    // Best effort: a machine without systemd never started the daemon these undo.
    for (const step of plan.afterSteps ?? []) spawnSync(step[0], step.slice(1), { stdio: 'ignore', env });
    const still = missingOf(names, env);
    if (still.length) {
      const hints = still.map((name) => `${name}: its package is installed, but no executable was found where it is looked for; set ${SYSTEM_DEPENDENCIES[name].override} to it.`);
      return { ok: false, message: hints.join('\n') };
    }
  }
  return { ok: true, paths: Object.fromEntries(names.map((name) => [name, locate(name, env, isExecutable)])) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = ensureSystemDependencies(process.argv[2] ?? 'test');
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
}
