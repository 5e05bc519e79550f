// Shared readers for the deployment checks: repository paths, the service table the
// artefacts must agree on, YAML documents, and a small Dockerfile stage parser.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const repoPath = (...parts: string[]) => path.join(repoRoot, ...parts);
export const readText = (...parts: string[]) => readFileSync(repoPath(...parts), 'utf8');

export interface ServiceSpec {
  name: string;
  port: number;
  /** The variable the service reads its HTTP port from. */
  portEnv: 'GATEWAY_PORT' | 'HTTP_PORT';
  /** Probes and /metrics on a port of their own, kept off the public one. */
  ops?: { port: number; portEnv: 'GATEWAY_OPS_PORT' };
}

/** Every service and its HTTP port (docs/operations.md, "Configuration": `HTTP_PORT`). */
export const KNOWN_SERVICES: readonly ServiceSpec[] = [
  { name: 'gateway', port: 3000, portEnv: 'GATEWAY_PORT', ops: { port: 3100, portEnv: 'GATEWAY_OPS_PORT' } },
  { name: 'identity', port: 3101, portEnv: 'HTTP_PORT' },
  { name: 'roster', port: 3102, portEnv: 'HTTP_PORT' },
  { name: 'campaigns', port: 3103, portEnv: 'HTTP_PORT' },
  { name: 'negotiation', port: 3104, portEnv: 'HTTP_PORT' },
  { name: 'metrics-ingestion', port: 3105, portEnv: 'HTTP_PORT' },
  { name: 'metrics', port: 3106, portEnv: 'HTTP_PORT' },
  { name: 'notifications', port: 3107, portEnv: 'HTTP_PORT' },
];

/**
 * Service names to check: the known ones plus every `services/<name>` with a
 * `src/main.ts`, so a service added later without deployment artefacts fails here.
 */
export function serviceNames(): string[] {
  const names = new Set(KNOWN_SERVICES.map((s) => s.name));
  const dir = repoPath('services');
  if (existsSync(dir)) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(path.join(dir, entry.name, 'src', 'main.ts'))) names.add(entry.name);
    }
  }
  return [...names].sort();
}

export const specOf = (name: string): ServiceSpec | undefined => KNOWN_SERVICES.find((s) => s.name === name);

// ---- YAML ----------------------------------------------------------------------------

/** One YAML document; `<<` merge keys resolved as Docker Compose does. */
export function loadYaml<T = any>(...parts: string[]): T {
  return parse(readText(...parts), { merge: true }) as T;
}

/** Every non-empty document of a (possibly multi-document) YAML file. Throws on a syntax error. */
export function loadYamlDocuments(...parts: string[]): any[] {
  const docs = parseAllDocuments(readText(...parts), { merge: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length > 0) throw new Error(`${parts.join('/')}: ${doc.errors[0]!.message}`);
  }
  return list.map((doc) => doc.toJS()).filter((value) => value != null);
}

// ---- Dockerfile ----------------------------------------------------------------------

export interface DockerStage {
  name: string | undefined;
  from: string;
  /** Instructions after FROM, continuation lines joined, comments dropped. */
  instructions: { keyword: string; args: string }[];
}

export function parseDockerfile(text: string): DockerStage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    logical.push((pending + line).trim());
    pending = '';
  }
  if (pending.trim() !== '') logical.push(pending.trim());

  const stages: DockerStage[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/s.exec(line);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    const args = match[2]!.trim();
    if (keyword === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`cannot parse FROM ${args}`);
      stages.push({ from: from[1]!, name: from[2], instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push({ keyword, args });
    }
  }
  return stages;
}

/** ENV of a stage and of the stages it is built FROM (later values win). */
export function stageEnv(stages: DockerStage[], name: string): Record<string, string> {
  const stage = stages.find((s) => s.name === name);
  if (!stage) return {};
  const parent = stages.find((s) => s.name === stage.from);
  const env: Record<string, string> = parent ? stageEnv(stages, parent.name!) : {};
  for (const { keyword, args } of stage.instructions) {
    if (keyword !== 'ENV') continue;
    for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
      env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
    }
  }
  return env;
}
