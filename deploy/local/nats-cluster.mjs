// `npm start -- --cluster`: three nats-server processes as one JetStream cluster on loopback
// (client ports 4222-4224, routes 6222-6224; NATS_CLUSTER_PORT moves them), each with the generated users and permissions of
// `.data/bus`, stores in `.data/nats-cluster/n1..n3`. The launcher then provisions three copies of every
// stream and bucket (NATS_STREAM_REPLICAS=3), and any one node can go without losing an event.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeExit, InfraError, natsAnswers, portInUse, stopLeftover } from './infra.mjs';
import { isExecutable, locate } from '../../tools/setup/system-deps.mjs';
import { ManagedProcess } from './processes.mjs';
import { say } from './log-format.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** NATS_CLUSTER_PORT moves the three client ports (and the routes, 2000 above them) elsewhere. */
const base = Number(process.env.NATS_CLUSTER_PORT || 4222);
export const CLUSTER_NODES = [1, 2, 3].map((n) => ({ name: `nats-${n}`, port: base + n - 1, routePort: base + 2000 + n - 1 }));

/**
 * Starts the three nodes and waits until JetStream answers through them (a meta leader is
 * elected). `auth.configFile` is the generated server configuration (users, permissions); each
 * node's own file sits beside it and includes it.
 */
export async function startNatsCluster({ dataDir, auth, onUnexpectedExit }) {
  // npm start has checked (or installed) the system dependencies before it gets here.
  const bin = locate('nats-server', process.env, isExecutable);
  if (!bin) throw new InfraError('nats-server was not found (NATS_SERVER_BIN, PATH): run npm start again to have it installed, or install it yourself');
  const busy = [];
  for (const node of CLUSTER_NODES) for (const port of [node.port, node.routePort]) if (await portInUse(port)) busy.push(port);
  if (busy.length) throw new InfraError(`--cluster needs ports ${busy.join(', ')}, which are in use (another NATS server? npm start without --cluster?)`);

  const confDir = path.dirname(auth.configFile);
  const processes = [];
  for (const node of CLUSTER_NODES) {
    const storeDir = path.join(dataDir, 'nats-cluster', node.name);
    const pidFile = path.join(storeDir, 'nats-server.pid');
    mkdirSync(storeDir, { recursive: true });
    await stopLeftover(pidFile, (cmd) => cmd.includes('nats-server') && cmd.includes(`${node.name}.conf`), node.name, 'SIGTERM');
    const routes = CLUSTER_NODES.filter((n) => n !== node).map((n) => `nats-route://127.0.0.1:${n.routePort}`);
    const file = path.join(confDir, `${node.name}.conf`);
    writeFileSync(
      file,
      [
        '# Written by deploy/local/nats-cluster.mjs on every start.',
        `server_name: ${JSON.stringify(node.name)}`,
        'include ./nats-server.conf',
        `host: "127.0.0.1"`,
        `port: ${node.port}`,
        `pid_file: ${JSON.stringify(pidFile)}`,
        `jetstream { store_dir: ${JSON.stringify(storeDir)} }`,
        `cluster { name: "talent-portal-local", listen: "127.0.0.1:${node.routePort}", routes: [${routes.map((r) => JSON.stringify(r)).join(', ')}] }`,
        '',
      ].join('\n'),
    );
    processes.push(
      new ManagedProcess({
        name: node.name,
        command: process.execPath,
        args: [path.join(here, 'supervise.mjs'), bin, '-c', file],
        env: process.env,
        ipc: true,
        showLine: (line) => /\[(WRN|ERR|FTL)\]|Server is ready|JetStream cluster new metadata leader/.test(line),
        onUnexpectedExit,
      }).start(),
    );
  }
  say(`starting a 3-node NATS cluster (${CLUSTER_NODES.map((n) => `127.0.0.1:${n.port}`).join(', ')}) with authentication`);

  const url = CLUSTER_NODES.map((n) => `nats://127.0.0.1:${n.port}`).join(',');
  const deadline = Date.now() + 30_000;
  let last;
  while (Date.now() < deadline) {
    const dead = processes.find((p) => !p.running);
    if (dead) throw new InfraError(`${dead.name} exited (${describeExit(dead.exitInfo)}) during start-up:\n${dead.recentLines.join('\n')}`);
    last = await natsAnswers(url, auth.connectOptions);
    if (last.ok) return { url, processes, note: 'a 3-node JetStream cluster started here, authenticated' };
    await sleep(250);
  }
  await Promise.all(processes.map((p) => p.stop({ timeoutMs: 5_000 })));
  throw new InfraError(`the NATS cluster did not serve JetStream within 30 s (${last?.reason}):\n${processes.flatMap((p) => p.recentLines).join('\n')}`);
}
