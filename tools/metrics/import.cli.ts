// Operator command: streams an NDJSON file of observations into ingestion through the gateway.
//   npm run metrics:import -- <file.ndjson> --api-key <key> [--gateway <url>] [--batch-size <n>]
//                             [--concurrency <n>] [--rejects <file>|-] [--restart]
// The key (scope metrics:ingest) may come from INGEST_API_KEY, the gateway from GATEWAY_URL
// (default http://127.0.0.1:3000). Progress goes to stderr: a bar on a terminal, a line every
// few seconds otherwise. A checkpoint beside the file (<file>.import-state.json) lets the same
// command continue after Ctrl-C or a crash. Exit code: 0 done, 1 failed, 2 usage, 130 interrupted.
import { parseArgs } from 'node:util';
import { gatewaySender } from './gateway-sender.js';
import { defaultStatePath, importNdjson, ImportError, MAX_BATCH, type Rejection } from './importer.js';
import { formatSeconds, progressView } from './progress.js';
import { rejectsLog } from './rejects-log.js';

const USAGE =
  'usage: npm run metrics:import -- <file.ndjson> --api-key <key> [--gateway <url>] [--batch-size <n>] [--concurrency <n>] [--rejects <file>|-] [--restart]';

function positiveInt(value: string | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0 && n <= max)) throw new Error(`--${name} must be an integer between 1 and ${max}`);
  return n;
}

function parse(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'api-key': { type: 'string' },
      gateway: { type: 'string' },
      'batch-size': { type: 'string' },
      concurrency: { type: 'string' },
      rejects: { type: 'string' },
      restart: { type: 'boolean', default: false },
    },
  });
  const [file, ...rest] = positionals;
  if (!file || rest.length) throw new Error('name one file to import');
  const apiKey = values['api-key'] ?? process.env.INGEST_API_KEY;
  if (!apiKey) throw new Error('an API key with the metrics:ingest scope is needed: --api-key or INGEST_API_KEY');
  return {
    file,
    apiKey,
    gateway: values.gateway ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000',
    batchSize: positiveInt(values['batch-size'], 'batch-size', 5_000, MAX_BATCH),
    concurrency: positiveInt(values.concurrency, 'concurrency', 2, 16),
    rejects: values.rejects ?? `${file}.rejected.ndjson`,
    restart: values.restart,
  };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    if (++interrupts > 1) process.exit(130);
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const view = progressView(process.stderr);
  const report =
    args.rejects === '-' ? (r: Rejection) => view.note(`rejected line ${r.line}${r.kind ? ` (${r.kind})` : ''}: ${r.reason}`) : rejectsLog(args.rejects, { restart: args.restart });
  const started = performance.now();
  try {
    const summary = await importNdjson({
      file: args.file,
      batchSize: args.batchSize,
      concurrency: args.concurrency,
      restart: args.restart,
      signal: controller.signal,
      send: gatewaySender({
        url: args.gateway,
        apiKey: args.apiKey,
        onRetry: ({ kind, attempt, why, waitMs }) => view.note(`${kind} batch: ${why}; attempt ${attempt + 1} in ${formatSeconds(waitMs / 1000)}`),
      }),
      onProgress: (p) => view.update(p),
      onRejected: report,
    });
    view.stop();
    if (summary.alreadyComplete) {
      process.stderr.write(`${args.file} was imported in full already (${defaultStatePath(args.file)}); --restart imports it again\n`);
      return 0;
    }
    const seconds = (performance.now() - started) / 1000;
    const sent = summary.lines - summary.resumedAt;
    process.stderr.write(
      `imported ${summary.total.toLocaleString('en-US')} records${summary.resumedAt ? ` (resumed at ${summary.resumedAt.toLocaleString('en-US')})` : ''}: ` +
        `${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected` +
        `${summary.rejected && args.rejects !== '-' ? ` (see ${args.rejects})` : ''}; ` +
        `${sent.toLocaleString('en-US')} in ${seconds.toFixed(1)} s = ${Math.round(sent / seconds).toLocaleString('en-US')} records/s\n`,
    );
    return 0;
  } catch (err) {
    view.stop();
    process.stderr.write(`${err instanceof ImportError ? err.message : (err as Error).stack}\n`);
    return controller.signal.aborted ? 130 : 1;
  }
}

process.exitCode = await main();
