// Turns the JSON lines the services write (pino) into one short, coloured line each, behind
// a fixed-width prefix per process, so eight services stay readable in one terminal.
// LOG_FORMAT=json keeps the raw JSON (still prefixed), e.g. to pipe into jq.
import { styleText } from 'node:util';

const PALETTE = ['cyan', 'magenta', 'green', 'yellow', 'blue', 'cyanBright', 'magentaBright', 'greenBright', 'yellowBright', 'blueBright'];
const LEVEL_STYLE = {
  trace: ['gray'],
  debug: ['gray'],
  info: ['green'],
  warn: ['yellow'],
  error: ['red', 'bold'],
  fatal: ['bgRed', 'white', 'bold'],
};
// Pino's numeric levels, in case a line was written without the label formatter.
const LEVEL_NUMBERS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
// Fields every line has that the prefix and the columns already show.
const OMIT = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'err', 'error']);
const MAX_FIELDS_CHARS = 400;

const paint = (style, text) => styleText(style, text, { stream: process.stdout });
const rawJson = () => process.env.LOG_FORMAT === 'json';

let width = 10;
const colours = new Map();

/** Registers the names that will log, so every prefix gets the same width and its own colour. */
export function registerNames(names) {
  for (const name of names) {
    if (!colours.has(name)) colours.set(name, PALETTE[colours.size % PALETTE.length]);
    width = Math.max(width, name.length + 2);
  }
}

export function prefix(name) {
  const label = `[${name}]`.padEnd(width);
  if (name === 'local') return paint('bold', label);
  if (!colours.has(name)) registerNames([name]);
  return paint(colours.get(name), label);
}

function clock(time) {
  const date = time === undefined ? new Date() : new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  const pad = (n, l = 2) => String(n).padStart(l, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function compactValue(value) {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

function formatError(err) {
  if (!err || typeof err !== 'object') return { head: String(err), message: String(err), frames: [] };
  const type = err.type ?? err.name ?? 'Error';
  const message = String(err.message ?? '');
  // Frames and causes; the message itself is shown once, in the head.
  const frames = typeof err.stack === 'string' ? err.stack.split('\n').filter((l) => /^\s*(at |caused by)/.test(l)) : [];
  return { head: `${type}: ${message}`.trim(), message, frames };
}

/**
 * One log line from process `name`, formatted for the terminal. Lines that are not pino JSON
 * (runtime warnings, nats-server, postgres) are passed through behind the prefix.
 */
export function formatLine(name, line) {
  const head = prefix(name);
  if (rawJson() || !line.startsWith('{')) return `${head} ${line}`;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${head} ${line}`;
  }
  if (!entry || typeof entry !== 'object' || !('level' in entry)) return `${head} ${line}`;

  const level = typeof entry.level === 'number' ? (LEVEL_NUMBERS[entry.level] ?? String(entry.level)) : String(entry.level);
  const parts = [paint('gray', clock(entry.time)), paint(LEVEL_STYLE[level] ?? ['white'], level.toUpperCase().padEnd(5))];
  if (entry.service && entry.service !== name) parts.push(paint('gray', `(${entry.service})`));
  parts.push(typeof entry.msg === 'string' ? entry.msg : JSON.stringify(entry.msg ?? ''));

  const fields = Object.entries(entry)
    .filter(([key, value]) => !OMIT.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${compactValue(value)}`)
    .join(' ');
  if (fields) parts.push(paint('gray', fields.length > MAX_FIELDS_CHARS ? `${fields.slice(0, MAX_FIELDS_CHARS)}…` : fields));

  const error = entry.err ?? entry.error;
  let out = parts.join(' ');
  if (error !== undefined) {
    const { head: errHead, message, frames } = formatError(error);
    // "x failed to start: <message>" already says it; the type is still worth showing.
    out += message && out.includes(message) ? ` ${paint('red', `(${errHead.split(':')[0]})`)}` : ` ${paint('red', errHead)}`;
    if (level === 'error' || level === 'fatal') out += frames.map((l) => `\n${paint('gray', l)}`).join('');
  }
  // Multi-line messages and stacks keep the prefix on every line.
  return out
    .split('\n')
    .map((l) => `${head} ${l}`)
    .join('\n');
}

/** A message from the launcher itself. */
export function say(message, style) {
  const text = style ? paint(style, message) : message;
  process.stdout.write(`${text.split('\n').map((l) => `${prefix('local')} ${l}`).join('\n')}\n`);
}

export { paint };
