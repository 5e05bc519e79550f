import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Rejection } from './importer.js';

/**
 * The side file of refused lines (NDJSON, one `{line, kind?, reason}` each). A run that dies
 * after writing a batch's refusals and before its checkpoint sends that batch again on the next
 * run; the lines already in the file are not written twice, so the file stays one entry per
 * refused line of the import. `restart` starts the file afresh, as the import starts afresh.
 */
export function rejectsLog(path: string, opts: { restart: boolean }): (r: Rejection) => void {
  const written = new Set<string>();
  if (opts.restart) writeFileSync(path, '');
  else if (existsSync(path)) {
    let content = readFileSync(path, 'utf8');
    if (content && !content.endsWith('\n')) {
      // A line cut short by the crash: drop it; it is written again whole.
      content = content.slice(0, content.lastIndexOf('\n') + 1);
      writeFileSync(path, content);
    }
    for (const text of content.split('\n')) {
      if (!text.trim()) continue;
      try {
        const entry = JSON.parse(text) as { line?: unknown; kind?: unknown };
        if (typeof entry.line === 'number') written.add(keyOf(entry.line, typeof entry.kind === 'string' ? entry.kind : undefined));
      } catch {
        // Not ours to judge: a line someone edited by hand is left as it is.
      }
    }
  }
  return (r) => {
    const key = keyOf(r.line, r.kind);
    if (written.has(key)) return;
    written.add(key);
    appendFileSync(path, `${JSON.stringify({ line: r.line, ...(r.kind ? { kind: r.kind } : {}), reason: r.reason })}\n`);
  };
}

const keyOf = (line: number, kind: string | undefined) => `${line}:${kind ?? ''}`;
