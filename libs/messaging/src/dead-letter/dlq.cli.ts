// Operator command for dead letters:
//   npm run dlq -- list   <STREAM> [--consumer <name>] [--limit <n>]
//   npm run dlq -- replay <STREAM> [--consumer <name>] [--limit <n>]
// Connects to NATS_URL (default nats://127.0.0.1:4222) with an operator's credentials
// (NATS_NKEY_SEED or NATS_CREDS, NATS_CA for tls://): replaying publishes another service's
// events, which no service principal may do. `list` prints one JSON object per dead letter;
// `replay` sends them back to their original stream and removes them from the DLQ.
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { busConnectOptions } from '../bus/credentials.js';
import { listDeadLetters, replayDeadLetters, type DeadLetter, type DeadLetterQuery } from './dead-letters.js';
import { runOperatorCommand } from '../operator-command.js';

const USAGE = 'usage: npm run dlq -- list|replay <STREAM> [--consumer <name>] [--limit <n>]';

function parse(argv: string[]): { command: 'list' | 'replay'; query: DeadLetterQuery } {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { consumer: { type: 'string' }, limit: { type: 'string' } },
  });
  const [command, stream, ...rest] = positionals;
  if ((command !== 'list' && command !== 'replay') || !stream || rest.length) throw new Error(USAGE);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error(`--limit must be a positive integer\n${USAGE}`);
  return { command, query: { stream: stream.toUpperCase(), consumer: values.consumer, limit } };
}

function summary(letter: DeadLetter) {
  const { data: _data, headers: _headers, ...rest } = letter;
  return rest;
}

async function main(parsed: ReturnType<typeof parse>): Promise<number> {
  const { authenticator, tls } = busConnectOptions('gateway', process.env);
  const nc = await connect({ servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(','), name: 'dlq-cli', authenticator, tls });
  try {
    if (parsed.command === 'list') {
      for (const letter of await listDeadLetters(nc, parsed.query)) process.stdout.write(`${JSON.stringify(summary(letter))}\n`);
    } else {
      const { replayed } = await replayDeadLetters(nc, parsed.query);
      for (const letter of replayed) process.stdout.write(`${JSON.stringify({ replayed: summary(letter) })}\n`);
      process.stderr.write(`replayed ${replayed.length} dead letter(s) to ${parsed.query.stream}\n`);
    }
    return 0;
  } finally {
    await nc.drain();
  }
}

runOperatorCommand('dlq', parse, main);
