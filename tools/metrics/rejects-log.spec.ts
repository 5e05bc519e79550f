import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rejectsLog } from './rejects-log.js';

const entries = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line: number });

describe('rejectsLog', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rejects-'));

  it('writes each refused line once, also when a resumed run refuses the same batch again', () => {
    const file = path.join(dir, 'resumed.ndjson');
    const first = rejectsLog(file, { restart: false });
    first({ line: 3, kind: 'video', reason: 'views: must be ≥ 0' });
    first({ line: 7, reason: 'not JSON' });
    // The run died before its checkpoint: the next one sends the batch again.
    const second = rejectsLog(file, { restart: false });
    second({ line: 3, kind: 'video', reason: 'views: must be ≥ 0' });
    second({ line: 7, reason: 'not JSON' });
    second({ line: 9, kind: 'follower', reason: 'followers: must be an integer' });
    expect(entries(file).map((e) => e.line)).toEqual([3, 7, 9]);
  });

  it('writes again a line the crash cut short', () => {
    const file = path.join(dir, 'torn.ndjson');
    writeFileSync(file, '{"line":3,"kind":"video","reason":"x"}\n{"line":4,"ki');
    rejectsLog(file, { restart: false })({ line: 4, kind: 'video', reason: 'y' });
    expect(readFileSync(file, 'utf8')).toBe('{"line":3,"kind":"video","reason":"x"}\n{"line":4,"kind":"video","reason":"y"}\n');
  });

  it('starts the file afresh when the import restarts', () => {
    const file = path.join(dir, 'restarted.ndjson');
    writeFileSync(file, '{"line":3,"reason":"old"}\n');
    rejectsLog(file, { restart: true })({ line: 3, reason: 'new' });
    expect(entries(file)).toEqual([{ line: 3, reason: 'new' }]);
  });
});
