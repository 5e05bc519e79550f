import { parse } from 'csv-parse/sync';
import type { StreamableFile } from '@nestjs/common';
import { csvCell, csvFile, csvFilename, cursorPages, neutralise, prefersCsv, type CsvColumns } from './csv-export.js';

async function textOf(file: StreamableFile): Promise<string> {
  let text = '';
  for await (const chunk of file.getStream()) text += String(chunk);
  return text;
}

describe('prefersCsv', () => {
  it.each([
    ['text/csv', true],
    ['text/csv; charset=utf-8', true],
    ['TEXT/CSV', true],
    ['application/json, text/csv;q=0.5', false],
    ['text/csv;q=0.9, application/json;q=0.5', true],
    ['text/csv;q=0', false],
    ['*/*', false],
    ['text/*', false],
    ['', false],
    [undefined, false],
    [['application/json', 'text/csv'], false],
  ])('Accept %j → CSV %s', (accept, csv) => {
    expect(prefersCsv(accept)).toBe(csv);
  });
});

describe('cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ['+1+2', "'+1+2"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['＝1+1', "'＝1+1"],
    ['-12.50', '-12.50'],
    ['Mia, "the" maker', 'Mia, "the" maker'],
    ['a=b', 'a=b'],
  ])('makes %j inert as %j', (text, cell) => {
    expect(neutralise(text)).toBe(cell);
  });

  it('writes dates ISO-8601, booleans as words, numbers as they are, nothing for missing values', () => {
    expect(csvCell(new Date(Date.UTC(2026, 11, 5, 9, 30)))).toBe('2026-12-05T09:30:00.000Z');
    expect([csvCell(true), csvCell(false), csvCell(-3.5), csvCell(Number.NaN), csvCell(null), csvCell(undefined)]).toEqual(['yes', 'no', '-3.5', '', '', '']);
  });
});

describe('csvFilename', () => {
  it.each([
    ['deals', 'deals.csv'],
    ['statement-2026-11.csv', 'statement-2026-11.csv'],
    ['roster "Nörthwind"\r\n/../x', 'roster-Northwind-x.csv'],
    ['statement 2026-11.pdf', 'statement-2026-11-pdf.csv'],
    ['', 'export.csv'],
  ])('names %j as %j', (name, file) => {
    expect(csvFilename(name)).toBe(file);
  });
});

describe('csvFile', () => {
  interface Row {
    name: string;
    at: Date;
    n: number;
  }
  const columns: CsvColumns<Row> = [
    ['name', (r) => r.name],
    ['at', (r) => r.at],
    ['n', (r) => r.n],
  ];
  const at = new Date(Date.UTC(2026, 0, 2));

  it('writes a header and a record per item of every page, CRLF, quoting what needs it', async () => {
    const names = ['plain', 'with, comma', 'with "quotes"', 'two\nlines', '=1+1'];
    const pages = cursorPages(async (cursor) => {
      const from = Number(cursor ?? 0);
      return { items: names.slice(from, from + 2).map((name, i) => ({ name, at, n: from + i })), nextCursor: from + 2 < names.length ? String(from + 2) : null };
    });
    const text = await textOf(await csvFile(pages, columns, 'rows'));
    expect(text.startsWith('name,at,n\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"with ""quotes"""');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toEqual(names.map((name, n) => ({ name: name.startsWith('=') ? `'${name}` : name, at: at.toISOString(), n: String(n) })));
  });

  it('reads the first page before answering, so a refusal is thrown, not written into the file', async () => {
    const refused = cursorPages<Row>(async () => {
      throw new Error('forbidden');
    });
    await expect(csvFile(refused, columns, 'rows')).rejects.toThrow('forbidden');
  });

  it('asks for the next page only when the reader has taken the rows before it', async () => {
    const asked: number[] = [];
    const pages = cursorPages<Row>(async (cursor, part) => {
      asked.push(part);
      return { items: Array.from({ length: 200 }, (_, i) => ({ name: `row ${part}-${i}`, at, n: i })), nextCursor: String(part + 1) };
    });
    const stream = (await csvFile(pages, columns, 'endless')).getStream();
    expect(asked).toEqual([0]);
    let seen = 0;
    for await (const chunk of stream) {
      seen += String(chunk).split('\r\n').length - 1;
      if (seen > 450) break;
    }
    // Three pages hold 450 rows; the 16 KB buffered ahead of the reader (about 400 such rows) may add two more, never the endless rest.
    expect(Math.max(...asked)).toBeLessThanOrEqual(5);
  });
});
