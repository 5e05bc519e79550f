// Operator command for outbox rows the relay parked (they can never be published as they
// were: a payload over the server's max_payload, a subject no stream takes):
//   npm run outbox -- list    <service> [--id <eventId>]... [--limit <n>]
//   npm run outbox -- release <service> [--id <eventId>]... [--limit <n>]
// `release` makes them pending again once the cause is fixed; the running relay publishes
// them on its next pass under their original event id. Connects to DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/talent_portal) and the service's own schema.
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import { BACKEND_SERVICES, schemaOf, type BackendService } from '#libs/contracts';
import { OutboxMessage } from './outbox.entity.js';
import { listParked, releaseParked, type ParkedQuery } from './parked-outbox.js';
import { runOperatorCommand } from '../operator-command.js';

const USAGE = `usage: npm run outbox -- list|release <${BACKEND_SERVICES.join('|')}> [--id <eventId>]... [--limit <n>]`;

function parse(argv: string[]): { command: 'list' | 'release'; service: BackendService; query: ParkedQuery } {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { id: { type: 'string', multiple: true }, limit: { type: 'string' } },
  });
  const [command, service, ...rest] = positionals;
  if ((command !== 'list' && command !== 'release') || rest.length) throw new Error(USAGE);
  if (!BACKEND_SERVICES.includes(service as BackendService)) throw new Error(`unknown service ${service ?? '(none)'}\n${USAGE}`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error(`--limit must be a positive integer\n${USAGE}`);
  const ids = values.id ?? [];
  const bad = ids.find((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  if (bad) throw new Error(`--id ${bad} is not an event id (a UUID)`);
  return { command, service: service as BackendService, query: { ids, limit } };
}

async function main(parsed: ReturnType<typeof parse>): Promise<number> {
  const orm = await MikroORM.init({
    clientUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/talent_portal',
    schema: schemaOf(parsed.service),
    entities: [OutboxMessage],
    allowGlobalContext: false,
    pool: { min: 0, max: 1 },
  });
  try {
    const rows = parsed.command === 'list' ? await listParked(orm.em, parsed.query) : await releaseParked(orm.em, parsed.query);
    for (const row of rows) process.stdout.write(`${JSON.stringify(parsed.command === 'list' ? row : { released: row })}\n`);
    if (parsed.command === 'release') process.stderr.write(`released ${rows.length} parked row(s) of ${parsed.service}\n`);
    return 0;
  } finally {
    await orm.close();
  }
}

runOperatorCommand('outbox', parse, main);
