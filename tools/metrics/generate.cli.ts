// Writes a deterministic synthetic data set as import lines (see ndjson-format.ts) to stdout.
//   npm run --silent metrics:generate -- --creators <n> --videos <m> [--observations <k>] [--days <d>]
//                                        [--seed <s>] [--until <ISO date>] [--creator-ids <id,id,…>] > file.ndjson
// The same arguments always give the same file (pass --until to pin the dates too; by default
// the data ends at the start of the current UTC day).
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { syntheticLines } from './ndjson-format.js';

const USAGE =
  'usage: npm run --silent metrics:generate -- --creators <n> --videos <m> [--observations <k>] [--days <d>] [--seed <s>] [--until <date>] [--creator-ids <id,…>]';

function int(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= min)) throw new Error(`--${name} must be an integer of at least ${min}`);
  return n;
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      creators: { type: 'string' },
      videos: { type: 'string' },
      observations: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      until: { type: 'string' },
      'creator-ids': { type: 'string' },
    },
  });
  const ids = values['creator-ids']?.split(',').map((s) => s.trim()).filter(Boolean);
  const until = values.until ? new Date(values.until) : new Date(new Date().toISOString().slice(0, 10));
  if (Number.isNaN(until.getTime())) throw new Error('--until must be a date');
  return {
    seed: int(values.seed, 'seed', 1, 0),
    creators: ids?.length ? ids : int(values.creators, 'creators', 10),
    videos: int(values.videos, 'videos', 30),
    observationsPerVideo: int(values.observations, 'observations', 5),
    days: int(values.days, 'days', 120),
    until,
  };
}

let opts: ReturnType<typeof parse>;
try {
  opts = parse(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
process.stdout.on('error', () => process.exit(0)); // `| head` closing the pipe is not an error
for (const line of syntheticLines(opts)) {
  if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
}
