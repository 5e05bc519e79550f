/**
 * A `like`/`ilike` pattern that finds `text` anywhere in a column, literally: `%`, `_` and `\`
 * typed in a search box match themselves, not any run or any character.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
