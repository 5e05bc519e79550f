import { z } from 'zod';
import { parseOrThrow } from '../validate.js';
import { AppError } from '../problem.js';
import { freeText, nameText, webUrl } from './text.js';

const messages = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

describe('freeText', () => {
  const text = freeText({ max: 10 });

  it('keeps tabs and line feeds, and turns CRLF and lone CR into LF', () => {
    expect(text.parse('a\tb\nc')).toBe('a\tb\nc');
    expect(text.parse('a\r\nb\rc')).toBe('a\nb\nc');
  });

  it('keeps text as typed otherwise (no trimming; empty allowed unless a minimum is set)', () => {
    expect(text.parse('  hi  ')).toBe('  hi  ');
    expect(text.parse('')).toBe('');
    expect(messages(freeText({ max: 10, min: 1 }), '')).toEqual(['Must not be empty']);
  });

  it.each([
    ['\u0000', 'U+0000 (NUL)'],
    ['\u0007', 'U+0007 (control character)'],
    ['\u000B', 'U+000B (control character)'],
    ['\u001B', 'U+001B (escape)'],
    ['\u007F', 'U+007F (delete)'],
    ['\u0085', 'U+0085 (control character)'],
    ['\u009F', 'U+009F (control character)'],
  ])('refuses %j, naming it', (ch, named) => {
    expect(messages(text, `ok${ch}ok`)).toEqual([`${named} is not allowed`]);
  });

  it('allows bidirectional characters, which right-to-left prose needs', () => {
    expect(text.parse('abc \u202Bשלום\u202C')).toBe('abc \u202Bשלום\u202C');
  });

  it('counts code points, not UTF-16 units', () => {
    const tenEmoji = '😀'.repeat(10);
    expect(tenEmoji.length).toBe(20);
    expect(text.parse(tenEmoji)).toBe(tenEmoji);
    expect(messages(text, `${tenEmoji}x`)).toEqual(['Use at most 10 characters (got 11)']);
  });

  it('counts a CRLF as the one line feed it becomes', () => {
    expect(text.parse('12345\r\n789')).toBe('12345\n789');
  });
});

describe('nameText', () => {
  const name = nameText({ max: 5 });

  it('trims and refuses empty names', () => {
    expect(name.parse('  Ada ')).toBe('Ada');
    expect(messages(name, '   ')).toEqual(['Must not be empty']);
  });

  it.each([
    ['\u0000', 'U+0000 (NUL)'],
    ['\t', 'U+0009 (tab)'],
    ['\n', 'U+000A (line feed)'],
    ['\r', 'U+000D (carriage return)'],
    ['\u007F', 'U+007F (delete)'],
    ['\u202A', 'U+202A (left-to-right embedding)'],
    ['\u202E', 'U+202E (right-to-left override)'],
    ['\u2066', 'U+2066 (left-to-right isolate)'],
    ['\u2069', 'U+2069 (pop directional isolate)'],
    ['\u200E', 'U+200E (left-to-right mark)'],
    ['\u200F', 'U+200F (right-to-left mark)'],
    ['\u061C', 'U+061C (Arabic letter mark)'],
  ])('refuses %j, naming it', (ch, named) => {
    expect(messages(name, `a${ch}b`)).toEqual([`${named} is not allowed in a name`]);
  });

  it('accepts names in any script, emoji included, counted as characters', () => {
    expect(name.parse('שלום')).toBe('שלום');
    expect(name.parse('Zoë 🎸')).toBe('Zoë 🎸');
    expect(messages(name, 'Zoë 🎸!')).toEqual(['Use at most 5 characters (got 6)']);
  });

  it('names the field and the character in the validation error a client gets', () => {
    const request = z.object({ name: nameText({ max: 50 }), brief: freeText({ max: 50 }) }).strict();
    let error: unknown;
    try {
      parseOrThrow(request, { name: 'Evil\u202Egnp.exe', brief: 'a\u0000' }, 'The request');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).errors).toEqual([
      { path: 'name', message: 'U+202E (right-to-left override) is not allowed in a name' },
      { path: 'brief', message: 'U+0000 (NUL) is not allowed' },
    ]);
  });

  it('documents its limits in characters for OpenAPI', () => {
    expect(z.toJSONSchema(nameText({ max: 80 }), { io: 'input' })).toMatchObject({ type: 'string', maxLength: 80, minLength: 1 });
    expect(z.toJSONSchema(freeText({ max: 2000 }), { io: 'input' })).toMatchObject({ type: 'string', maxLength: 2000 });
  });
});

describe('webUrl', () => {
  const url = webUrl({ max: 100 });

  it('accepts http(s) links', () => {
    expect(url.parse('https://cdn.example.com/draft-1.mp4?t=1')).toBe('https://cdn.example.com/draft-1.mp4?t=1');
  });

  it.each([
    ['a NUL, which URL parsing lets through', 'https://cdn.example.com/a\u0000b', 'U+0000 (NUL) is not allowed in a URL'],
    ['a bidi override', 'https://cdn.example.com/\u202Egnp.exe', 'U+202E (right-to-left override) is not allowed in a URL'],
    ['a space', 'https://cdn.example.com/a b', 'U+0020 is not allowed in a URL'],
  ])('refuses %s', (_why, value, message) => {
    expect(messages(url, value)).toEqual([message]);
  });

  it('refuses other schemes', () => {
    expect(url.safeParse('javascript:alert(1)').success).toBe(false);
  });
});
