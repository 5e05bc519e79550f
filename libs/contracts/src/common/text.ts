import { z } from 'zod';

/**
 * The one rule for text a person types, applied to every free-text field of every request.
 *
 * - `freeText` (briefs, messages, comments, captions, reasons, descriptions): several lines.
 *   Line breaks are kept as `\n` (CRLF and lone CR become LF) and tabs are allowed; every
 *   other control character is refused: C0 (U+0000–U+001F, NUL included, which PostgreSQL
 *   cannot store), DEL (U+007F) and C1 (U+0080–U+009F).
 * - `nameText` (names, titles, labels, handles, search terms): one line, trimmed, not empty.
 *   Every control character is refused (tab and newline too), and so are the invisible
 *   characters that reorder the text around them when it is shown: the bidirectional
 *   embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069 and the marks
 *   U+200E, U+200F and U+061C. A name is shown next to other people's text (lists, threads,
 *   audit entries); one of these could make it read as something else there.
 *
 * Lengths count characters as a person does (Unicode code points), not UTF-16 units or bytes,
 * so an emoji counts once. Each refusal names the character, e.g. "U+202E (right-to-left
 * override) is not allowed".
 */

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x09: 'tab',
  0x0a: 'line feed',
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x7f: 'delete',
  0x061c: 'Arabic letter mark',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

/** `U+202E (right-to-left override)`: how a refusal names the character. */
export function describeCharacter(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[cp] ?? (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f) ? 'control character' : undefined);
  return name ? `${hex} (${name})` : hex;
}

const isControl = (cp: number) => cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
const isBidiControl = (cp: number) => cp === 0x061c || cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);

/** What free text refuses: controls other than tab and line feed (CR is normalised away first). */
export const refusedInFreeText = (cp: number) => isControl(cp) && cp !== 0x09 && cp !== 0x0a;
/** What a name refuses: every control character and every bidirectional control. */
export const refusedInName = (cp: number) => isControl(cp) || isBidiControl(cp);

/** The first character `refused` rejects, or undefined. */
export function firstRefused(text: string, refused: (cp: number) => boolean): string | undefined {
  for (const ch of text) if (refused(ch.codePointAt(0)!)) return ch;
  return undefined;
}

/** Length as a person counts it: code points. */
export const characterCount = (text: string) => {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
};

interface TextOptions {
  /** Most characters (code points). */
  max: number;
  /** Fewest characters (code points); names default to 1, free text to 0. */
  min?: number;
}

function textRule(kind: 'free' | 'name', { max, min }: TextOptions) {
  const refused = kind === 'name' ? refusedInName : refusedInFreeText;
  const least = min ?? (kind === 'name' ? 1 : 0);
  const base = kind === 'name' ? z.string().trim() : z.string().overwrite((s) => s.replace(/\r\n?/g, '\n'));
  return base
    .check((ctx) => {
      const text = ctx.value;
      const bad = firstRefused(text, refused);
      if (bad !== undefined) {
        ctx.issues.push({ code: 'custom', input: text, message: `${describeCharacter(bad)} is not allowed${kind === 'name' ? ' in a name' : ''}` });
      }
      const count = characterCount(text);
      if (count > max) ctx.issues.push({ code: 'custom', input: text, message: `Use at most ${max} characters (got ${count})` });
      if (count < least) ctx.issues.push({ code: 'custom', input: text, message: least === 1 ? 'Must not be empty' : `Use at least ${least} characters` });
    })
    .meta({ maxLength: max, ...(least > 0 ? { minLength: least } : {}), 'x-text': kind === 'name' ? 'single-line' : 'multi-line' });
}

/** Multi-line text a person writes: briefs, messages, comments, captions, reasons, descriptions. */
export const freeText = (opts: TextOptions) => textRule('free', opts);

/** A single-line name, title, label or handle: trimmed, at least one character. */
export const nameText = (opts: TextOptions) => textRule('name', opts);


/**
 * A web link a person pastes (a draft's address): an absolute http(s) URL without control,
 * whitespace or bidirectional characters. URL parsing alone lets those through (the parser
 * escapes or drops them), and a link must read the same wherever it is shown.
 */
export const webUrl = ({ max }: { max: number }) =>
  z.url({ protocol: /^https?$/, error: 'Use an absolute http(s) URL' }).max(max).check((ctx) => {
    const bad = firstRefused(ctx.value, (cp) => refusedInName(cp) || /\s/u.test(String.fromCodePoint(cp)));
    if (bad !== undefined) ctx.issues.push({ code: 'custom', input: ctx.value, message: `${describeCharacter(bad)} is not allowed in a URL` });
  });
