import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

/** The TypeScript files under the top-level `dirs` whose repository path matches `keep`, with their text. */
export function sourceFiles(dirs: readonly string[], keep: RegExp): SourceFile[] {
  return dirs
    .flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts')))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((p) => keep.test(p))
    .map((p) => ({ path: p, text: readFileSync(path.join(root, p), 'utf8') }));
}
