// node supervise.mjs <command> [args…]: runs a server that is not a Node program (nats-server)
// under the launcher. Passes SIGTERM/SIGINT on, exits with the server, and stops the server if
// the launcher's IPC channel closes, so a killed launcher does not leave it running.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node supervise.mjs <command> [args…]');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal));
}
// When the launcher vanishes, the services it started are shutting down at the same moment:
// give them a little time to drain through this server before it goes.
const graceMs = Number(process.env.LAUNCHER_GONE_GRACE_MS ?? 3_000);
if (process.channel) {
  process.once('disconnect', () => setTimeout(() => child.kill('SIGTERM'), graceMs));
  process.channel.unref();
}
child.once('error', (err) => {
  console.error(`cannot run ${command}: ${err.message}`);
  process.exit(127);
});
child.once('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
