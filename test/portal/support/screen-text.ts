import { AUDIT_ACTIONS, CURRENCY_CODES, SCOPES } from '#libs/contracts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What a person should never have to read on a screen: an id, a scope or audit action code, or
 * money in minor units (a bare integer beside a currency code, or the words). Each rule is a
 * pattern over the page's rendered text, screen-reader text included.
 */
export const SCREEN_TEXT_RULES: [string, RegExp][] = [
  ['an id', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi],
  ['a scope or action code', new RegExp(`(?<![\\w.:/-])(?:${[...SCOPES, ...AUDIT_ACTIONS].map(escape).join('|')})(?![\\w:/-]|\\.\\w)`, 'g')],
  ['money in minor units', new RegExp(`minor units|(?<![\\d.,])\\d{4,} ?(?:${[...CURRENCY_CODES].join('|')})\\b`, 'g')],
];

/** Each rule the text breaks, with what it found: `an id: "Creator 0b9c4c3e-…"`. */
export function screenTextFindings(text: string): string[] {
  return SCREEN_TEXT_RULES.flatMap(([what, pattern]) =>
    [...text.matchAll(pattern)].map((m) => `${what}: "${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 10).replace(/\s+/g, ' ')}"`),
  );
}
