// Types of system-deps.mjs, for the TypeScript that imports it (tests, the portal's browser tests, tools).
export type SystemDependency = 'nats-server' | 'chromium' | 'promtool';
export type Command = 'start' | 'test';
export type AptFamily = 'debian' | 'ubuntu';
type Env = Record<string, string | undefined>;

export declare const SYSTEM_DEPENDENCIES: Record<
  SystemDependency,
  { override: string; onPath?: string; extraDirs?: string[]; paths?: string[]; packages: Record<AptFamily, string>; afterInstall?: string[][]; elsewhere: string }
>;

export declare function neededFor(command: Command, env: Env): SystemDependency[];
export declare function locate(name: SystemDependency, env: Env, isExecutable: (file: string) => boolean): string | undefined;
export declare function aptFamily(osRelease: string, hasAptGet: boolean): AptFamily | undefined;
export declare function isExecutable(file: string): boolean;

export type SetupPlan =
  | { action: 'none' }
  | { action: 'install'; packages: string[]; steps: string[][]; afterSteps?: string[][] }
  | { action: 'stop'; message: string };

export declare function decideSetup(facts: {
  missing: SystemDependency[];
  env: Env;
  family: AptFamily | undefined;
  isRoot: boolean;
  canSudo: boolean;
  installAllowed: boolean;
}): SetupPlan;

export declare function ensureSystemDependencies(
  command: Command,
  options?: { env?: Env; log?: (line: string) => void },
): { ok: true; paths: Partial<Record<SystemDependency, string>> } | { ok: false; message: string };
