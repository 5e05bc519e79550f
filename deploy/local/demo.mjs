// Demo data for `npm start -- --demo`: whether to load it, the setting the services need for it
// (the demo operator may issue the API key the demo metrics are ingested with), and the loader
// itself, run through the public API once the platform is up (tools/demo).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Sign-ups per address per hour while the demo loads (identity's default is 20). */
const DEMO_SIGNUPS_PER_IP = 200;

/**
 * `--demo` or DEMO=1 loads it; a first start on an empty database loads it too unless `--no-demo`
 * or DEMO=0. Never with NODE_ENV=production: the demo passwords are public.
 * Returns `{ load, why, env, refused? }`.
 */
export async function demoSetting({ argv, env, freshDatabase }) {
  const asked = argv.includes('--demo') || env.DEMO === '1';
  const declined = argv.includes('--no-demo') || env.DEMO === '0';
  if (env.NODE_ENV === 'production') {
    return asked ? { load: false, env: {}, refused: 'refusing to load demo data with NODE_ENV=production: its passwords are public' } : { load: false, env: {} };
  }
  if (declined) return { load: false, env: {} };
  const why = asked ? 'asked for (--demo)' : (await freshDatabase()) ? 'first start on an empty database (--no-demo skips it)' : undefined;
  if (!why) return { load: false, env: {} };
  // Node runs this TypeScript module as is (type stripping): the plan's one copy of the email.
  const { DEMO_OPERATOR } = await import('../../tools/demo/demo-people.ts');
  const admins = [env.PLATFORM_ADMINS, DEMO_OPERATOR.email].filter(Boolean).join(',');
  // The demo signs up about thirty accounts from this one address, more than the production
  // sign-up limit per address allows in an hour; a limit set in the environment still wins.
  return { load: true, why, env: { PLATFORM_ADMINS: admins, SIGNUP_MAX_PER_IP: env.SIGNUP_MAX_PER_IP ?? String(DEMO_SIGNUPS_PER_IP) } };
}

/** Runs the demo loader against the gateway at `url`; resolves true when it succeeded. */
export function runDemoLoader(url) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(
    process.execPath,
    ['--conditions=development', '--import', '@swc-node/register/esm-register', path.join('tools', 'demo', 'demo.cli.ts'), '--gateway', url],
    { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return new Promise((resolve) => {
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
