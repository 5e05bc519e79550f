// Loads the demo world into a running platform through its public API (npm start -- --demo runs
// this once the platform is up):
//   npm run demo -- [--gateway <url>]        (default GATEWAY_URL or http://127.0.0.1:3000)
// The platform must list the demo operator in PLATFORM_ADMINS to ingest the demo metrics.
// Refuses to run with NODE_ENV=production. Exit code 0 loaded (or already there), 1 failed.
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, demoLogins } from './demo-plan.js';
import { loadDemo } from './load-demo.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { gateway: { type: 'string' } } });
const gatewayUrl = values.gateway ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
const started = performance.now();
try {
  const result = await loadDemo({ gatewayUrl, log: (m) => process.stdout.write(`[demo] ${m}\n`) });
  if (!result.alreadyLoaded) process.stdout.write(`[demo] ${result.creators} creators and ${result.metricsRecords} observations in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`[demo] logins (password for all: ${DEMO_PASSWORD}):\n`);
  for (const { role, email } of demoLogins()) process.stdout.write(`[demo]   ${role.padEnd(34)} ${email}\n`);
} catch (err) {
  process.stderr.write(`[demo] ${(err as Error).message}\n`);
  process.exitCode = 1;
}
