import type { NatsConnection } from '@nats-io/transport-node';
import type { MikroORM } from '@mikro-orm/postgresql';
import { databaseIsUp } from '#libs/persistence';

export type CheckStatus = 'up' | 'down';

/**
 * What "ready" means for a service: its NATS link is open and, when it owns data, its
 * database answers. Shutdown flips `draining` first so probes stop routing work here.
 */
export class Readiness {
  private draining = false;
  private readonly extra = new Map<string, () => CheckStatus>();
  readonly startedAt = Date.now();

  constructor(
    private readonly nc: NatsConnection,
    private readonly orm?: MikroORM,
  ) {}

  /** Adds a named check that must be up for the service to be ready (e.g. its event consumers). */
  addCheck(name: string, check: () => CheckStatus) {
    this.extra.set(name, check);
  }

  markDraining() {
    this.draining = true;
  }

  async checks(): Promise<Record<string, CheckStatus>> {
    const checks: Record<string, CheckStatus> = {
      nats: !this.nc.isClosed() && !this.nc.isDraining() ? 'up' : 'down',
    };
    if (this.orm) checks.database = (await databaseIsUp(this.orm)) ? 'up' : 'down';
    for (const [name, check] of this.extra) checks[name] = check();
    if (this.draining) checks.lifecycle = 'down';
    return checks;
  }

  async isReady(): Promise<{ ready: boolean; checks: Record<string, CheckStatus> }> {
    const checks = await this.checks();
    return { ready: Object.values(checks).every((s) => s === 'up'), checks };
  }

  uptimeSeconds() {
    return (Date.now() - this.startedAt) / 1000;
  }
}
