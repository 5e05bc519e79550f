import type { NatsConnection } from '@nats-io/transport-node';
import { ChaosClient, type Observation } from './client.js';
import { verify, type Findings } from './checks.js';
import { runWorkload, type Ledger, type WorkloadOptions } from './workload.js';

/** One fault: injected once the workload has `atAck` acknowledged writes; `heal` undoes it (restart, reconnect). */
export interface Fault {
  name: string;
  /** Faults of one kind share a row of the report (e.g. every service's SIGKILL). */
  kind: string;
  atAck: number;
  inject(): Promise<void>;
  /** Runs in the background after `inject`; the run waits for every heal before checking. */
  heal(): Promise<void>;
}

export interface FaultRecord {
  name: string;
  kind: string;
  injectedAt: number;
  healedAt: number;
}

export interface ScenarioResult {
  ledger?: Ledger;
  workloadError?: unknown;
  findings?: Findings;
  faults: FaultRecord[];
  /** Faults whose threshold the workload never reached. */
  skipped: string[];
  observations: Observation[];
}

export interface ScenarioOptions {
  gateways: () => string[];
  workload: Omit<WorkloadOptions, 'tag'> & { tag: string };
  faults: Fault[];
  databaseUrl: string;
  /** An administrator's connection, to count dead letters. */
  admin: NatsConnection;
  log?: (line: string) => void;
}

/**
 * Runs the workload and, as it goes, the faults in order, each when the workload has that many
 * acknowledged writes; then waits for every fault to heal and checks the end state against the
 * ledger.
 */
export async function runScenario(opts: ScenarioOptions): Promise<ScenarioResult> {
  const log = opts.log ?? (() => undefined);
  const client = new ChaosClient({ gateways: opts.gateways });
  const pending = [...opts.faults].sort((a, b) => a.atAck - b.atAck);
  const records: FaultRecord[] = [];
  const heals: Promise<void>[] = [];
  let acks = 0;
  let wake: () => void = () => undefined;
  let done = false;

  const driver = (async () => {
    while (pending.length) {
      while (!done && acks < pending[0]!.atAck) await new Promise<void>((r) => (wake = r));
      if (done) return;
      const fault = pending.shift()!;
      const record: FaultRecord = { name: fault.name, kind: fault.kind, injectedAt: Date.now(), healedAt: 0 };
      records.push(record);
      log(`fault ${fault.name} at ${acks} acknowledged writes`);
      await fault.inject();
      heals.push(
        fault.heal().then(() => {
          record.healedAt = Date.now();
          log(`healed ${fault.name} after ${record.healedAt - record.injectedAt} ms`);
        }),
      );
    }
  })();

  const result: ScenarioResult = { faults: records, skipped: [], observations: client.observations };
  try {
    result.ledger = await runWorkload(client, opts.workload, (n) => {
      acks = n;
      wake();
    });
  } catch (err) {
    result.workloadError = err;
  } finally {
    done = true;
    wake();
    await driver;
    await Promise.all(heals);
  }
  result.skipped = pending.map((f) => f.name);
  if (result.ledger) result.findings = await verify(client, result.ledger, opts.databaseUrl, opts.admin);
  return result;
}

/** Answers a client should never see, even during a fault: a 5xx other than 503, or a 503 without Retry-After. */
export function wrongAnswers(observations: Observation[]): Observation[] {
  return observations.filter((o) => (o.status >= 500 && o.status !== 503) || (o.status === 503 && !o.retryAfter));
}

/** Counts of every status code seen, e.g. `{ "200": 812, "503": 4, "0": 2 }` (0: no answer). */
export function statusCounts(observations: Observation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of observations) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return counts;
}
