import { Readable, pipeline } from 'node:stream';
import { Logger, StreamableFile } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify';
import { majorUnits, type MoneyAmount } from '#libs/contracts';

/**
 * The gateway's CSV exports, one kit for every route that answers `Accept: text/csv`: RFC 4180
 * (CRLF, quoting by csv-stringify), a header row from the column table, every page of the list
 * pulled only as fast as the client reads, cells safe to open in a spreadsheet.
 */

/** What a column may hold; dates are written ISO-8601, booleans as yes/no, missing values empty. */
export type CsvValue = string | number | boolean | Date | null | undefined;
/** One column: its header and how an item fills it. */
export type CsvColumn<T> = readonly [header: string, value: (item: T) => CsvValue];
export type CsvColumns<T> = readonly CsvColumn<T>[];

/** A type's weight in an Accept header (`text/csv;q=0.5`); 0 when it is not named. */
function weightOf(accept: string, type: string): number {
  const [family] = type.split('/');
  let best = { specificity: -1, q: 0 };
  for (const range of accept.split(',')) {
    const [media = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const specificity = media === type ? 2 : media === `${family}/*` ? 1 : media === '*/*' ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const q = params.map((p) => /^q=([0-9.]+)$/.exec(p)?.[1]).find((v) => v !== undefined);
    best = { specificity, q: q === undefined ? 1 : Number(q) };
  }
  return best.q;
}

/**
 * Whether the client prefers CSV to JSON: it names `text/csv` with a weight above JSON's. A
 * client that accepts anything (`*\/*`, browsers' defaults) gets JSON, the API's own shape.
 */
export function prefersCsv(accept: string | string[] | undefined): boolean {
  const header = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  if (!/text\/csv/i.test(header)) return false;
  const csv = weightOf(header, 'text/csv');
  return csv > 0 && csv > weightOf(header, 'application/json');
}

export const wantsCsv = (request: FastifyRequest) => prefersCsv(request.headers.accept);

/** Ordinary numbers (a spreadsheet cannot run "-12.50") stay as written. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** What makes a spreadsheet read a cell as a formula, fullwidth forms included (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Text a person typed, made inert: a cell a spreadsheet would evaluate starts with `'`. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One cell as written to the file. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return neutralise(value);
}

export const csvHeader = <T>(columns: CsvColumns<T>): string[] => columns.map(([header]) => neutralise(header));
export const csvRecord = <T>(columns: CsvColumns<T>, item: T): string[] => columns.map(([, value]) => csvCell(value(item)));

/** A money cell: the amount in major units; its currency goes in a column of its own. */
export const moneyCell = (money: MoneyAmount | null | undefined): string | null => (money ? majorUnits(money) : null);

/** A download name that survives every browser and file system: ASCII letters, digits, `-` and `_`, then `.csv`. */
export function csvFilename(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\.csv$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return `${base || 'export'}.csv`;
}

/**
 * Pages of a cursor-paged list, fetched one at a time as the consumer asks for the next: the
 * export of a long list holds one page in memory, and stops asking when the client goes away.
 */
export async function* cursorPages<T>(fetch: (cursor: string | undefined, part: number) => Promise<{ items: T[]; nextCursor: string | null }>): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  let part = 0;
  do {
    const page = await fetch(cursor, part++);
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

const log = new Logger('CsvExport');

/**
 * The file: the header, then a record per item of every page. The first page is read before
 * answering, so a refusal (403, 404, 503) is still a problem document rather than a broken
 * file; later pages are read only when the client has taken the rows before them.
 */
export async function csvFile<T>(pages: AsyncIterable<readonly T[]>, columns: CsvColumns<T>, filename: string): Promise<StreamableFile> {
  const iterator = pages[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* records(): AsyncGenerator<string[]> {
    try {
      yield csvHeader(columns);
      for (let page = first; !page.done; page = await iterator.next()) {
        for (const item of page.value) yield csvRecord(columns, item);
      }
    } finally {
      // A client that hung up mid-file ends the page fetching too.
      await iterator.return?.();
    }
  }
  // A small buffer ahead of the client: about a page of rows, so a slow reader holds back the fetching.
  const csv = pipeline(Readable.from(records()), stringify({ record_delimiter: 'windows', readableHighWaterMark: 16 * 1024, writableHighWaterMark: 16 }), (err) => {
    // Headers and rows are already sent: the client sees a cut file; the reason goes to the log.
    if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') log.warn(`CSV export ${filename} ended early: ${err.message}`);
  });
  return new StreamableFile(csv, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${csvFilename(filename)}"` });
}
