import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A link or cited path that does not lead where it says, as a reader would report it. */
export interface BrokenReference {
  file: string;
  line: number;
  target: string;
  reason: string;
}

const FENCE = /^\s{0,3}(```|~~~)/;

/** Markdown lines with fenced code blanked out (kept as empty lines so line numbers hold). */
function proseLines(markdown: string): string[] {
  let inFence = false;
  return markdown.split('\n').map((line) => {
    if (FENCE.test(line)) {
      inFence = !inFence;
      return '';
    }
    return inFence ? '' : line;
  });
}

/** The text GitHub renders for a heading: markup removed, link text kept. */
function headingText(raw: string): string {
  return raw
    .replace(/\s+#+\s*$/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
    .trim();
}

/** GitHub's anchor for a heading text (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a markdown document offers: one per heading (repeats get -1, -2, …) and explicit ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      const slug = githubSlug(headingText(heading[1]));
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const id of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(id[1]);
  }
  return anchors;
}

/** Inline links and images, and reference definitions, outside code; with their line numbers. */
export function linksOf(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  proseLines(markdown).forEach((raw, index) => {
    const line = raw.replace(/`[^`]*`/g, '');
    for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ line: index + 1, target: m[1] });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(line);
    if (definition) links.push({ line: index + 1, target: definition[1] });
  });
  return links;
}

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The links of one markdown file that lead nowhere: a relative path that names no file or
 * folder, or an `#anchor` that names no heading of the markdown file it points into.
 * `read` returns a file's text (or undefined when it does not exist).
 */
export function brokenLinks(
  file: string,
  markdown: string,
  exists: (absolute: string) => boolean,
  read: (absolute: string) => string | undefined,
): BrokenReference[] {
  const broken: BrokenReference[] = [];
  for (const { line, target } of linksOf(markdown)) {
    if (EXTERNAL.test(target)) continue;
    const [rawPath, anchor] = target.split('#', 2);
    const linkPath = decodeURIComponent(rawPath);
    const absolute = linkPath ? path.resolve(path.dirname(file), linkPath) : file;
    if (linkPath && !exists(absolute)) {
      broken.push({ file, line, target, reason: 'no such file' });
      continue;
    }
    if (anchor === undefined || !absolute.endsWith('.md')) continue;
    const text = absolute === file ? markdown : read(absolute);
    if (text !== undefined && !anchorsOf(text).has(decodeURIComponent(anchor).toLowerCase())) {
      broken.push({ file, line, target, reason: `no heading with anchor #${anchor}` });
    }
  }
  return broken;
}

/** Comments of a source file: `//` and block comments in code, `#` lines in YAML, shell and Dockerfiles. */
export function commentsOf(file: string, source: string): string {
  if (/\.(ya?ml|sh|conf)$|Dockerfile$|(^|\/)\.ci\/run$/.test(file)) {
    return source
      .split('\n')
      .map((line) => /(^|\s)#(.*)$/.exec(line)?.[2] ?? '')
      .join('\n');
  }
  return scriptComments(source);
}

/** The comments of JavaScript or TypeScript source; string literals are skipped, so code that quotes a path is not a citation. */
function scriptComments(source: string): string {
  const comments: string[] = [];
  let i = 0;
  while (i < source.length) {
    const two = source.slice(i, i + 2);
    const quote = source[i];
    if (two === '//' || two === '/*') {
      const end = two === '//' ? source.indexOf('\n', i) : source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : two === '//' ? end : end + 2;
      comments.push(source.slice(i, stop));
      i = stop;
    } else if (quote === "'" || quote === '"' || quote === '`') {
      i += 1;
      while (i < source.length && source[i] !== quote && (quote === '`' || source[i] !== '\n')) i += source[i] === '\\' ? 2 : 1;
      i += 1;
    } else {
      i += 1;
    }
  }
  return comments.join('\n');
}

/** The markdown paths a comment text names, e.g. `docs/security.md` or `README.md` (URLs aside). */
export function citedMarkdownPaths(comment: string): string[] {
  const withoutUrls = comment.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, '');
  return [...new Set([...withoutUrls.matchAll(/(?<![\w./-])((?:\.{1,2}\/)?[\w./-]*\w\.md)\b/g)].map((m) => m[1]))];
}

/**
 * The documents that comments of `file` cite but that do not exist, looked up beside the file
 * and from the repository root (comments use both).
 */
export function missingCitations(root: string, file: string, source: string, exists: (absolute: string) => boolean): BrokenReference[] {
  const missing: BrokenReference[] = [];
  const comments = commentsOf(file, source);
  for (const cited of citedMarkdownPaths(comments)) {
    if (exists(path.resolve(path.dirname(file), cited)) || exists(path.resolve(root, cited))) continue;
    const line = source.split('\n').findIndex((l) => l.includes(cited)) + 1;
    missing.push({ file, line, target: cited, reason: 'cited document does not exist' });
  }
  return missing;
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.data', '.git', 'output', 'coverage']);

/** Files under `dir` whose name passes `keep`, skipping dependencies and build or test output. */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) found.push(...filesUnder(full, keep));
    } else if (keep(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

export const fileExists = (absolute: string) => existsSync(absolute) && (statSync(absolute).isFile() || statSync(absolute).isDirectory());
export const readIfExists = (absolute: string) => (existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined);
