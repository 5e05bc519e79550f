import { sourceFiles, type SourceFile } from './source-files.js';

/**
 * Identity owns the grants and keeps the audit log: it alone may declare a grant table or read
 * the audit events. Every other service keeps the shared grant copy (`GrantCopy`,
 * `grantsOf`) and records with `recordForCreator`, both in `#libs/service-defaults`.
 */
const OWNER = 'identity';

/** What a service declares that the kit already gives it, one line per finding. */
function ownCopies(files: readonly SourceFile[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const service = /^services\/([^/]+)\/src\//.exec(file.path)?.[1];
    if (!service || service === OWNER || /\.spec\.ts$/.test(file.path)) continue;
    for (const [, table] of file.text.matchAll(/tableName:\s*['"`]([^'"`]+)['"`]/g)) {
      if (/grant/i.test(table!)) found.push(`${file.path}: declares its own grant copy (table "${table}"); use GrantCopy from #libs/service-defaults`);
    }
    if (/create table[^(]*grant/i.test(file.text)) found.push(`${file.path}: creates a grant table of its own; extend GrantCopyMigration`);
    for (const [, name] of file.text.matchAll(/\b(\w*[aA]uditEvents)\b/g)) {
      found.push(`${file.path}: writes audit events itself (${name}); use recordForCreator from #libs/service-defaults`);
    }
  }
  return [...new Set(found)];
}

/**
 * JetStream is read in one place, the kit's pull loop (`libs/messaging`): durable consumers
 * that pause through outages, dead-letter after bounded retries, count in readiness and the
 * gauges, and drain on shutdown. A service or another library that gets, creates or pulls a
 * JetStream consumer itself has a loop of its own, outside all of that. Specs may read streams.
 */
function ownPullLoops(files: readonly SourceFile[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    if (file.path.startsWith('libs/messaging/') || /\.spec\.ts$/.test(file.path)) continue;
    if (!/from ['"]@nats-io\/jetstream['"]/.test(file.text)) continue;
    for (const [call] of file.text.matchAll(/\bconsumers\s*\.\s*(?:get|add|update)\s*\(|\.\s*(?:consume|fetch)\s*\(/g)) {
      found.push(`${file.path}: reads JetStream itself (${call.replace(/\s+/g, '')}); declare \`consumers\` or \`commands\` on the service definition (#libs/service-defaults)`);
    }
  }
  return [...new Set(found)];
}

describe('one grant copy and one audit path (services use the kit)', () => {
  it('finds a service that declares its own grant copy or writes audit events itself', () => {
    const files: SourceFile[] = [
      { path: 'services/payments/src/access/grant.entity.ts', text: "defineEntity({ name: 'PaymentGrant', tableName: 'grants', properties: {} })" },
      { path: 'services/payments/src/access/payments-grants.ts', text: 'await em.execute(`create table if not exists "payment_grants" ("grant_id" uuid)`)' },
      { path: 'services/payments/src/common/audit.ts', text: "import { paymentsAuditEvents } from '#libs/contracts';\nenqueueEvent(em, paymentsAuditEvents.recorded, entry);" },
      { path: 'services/payments/src/common/audit-v2.ts', text: "import { auditEvents } from '#libs/contracts';\nenqueueEvent(em, auditEvents.roster, entry);" },
    ];
    expect(ownCopies(files)).toEqual([
      expect.stringContaining('services/payments/src/access/grant.entity.ts: declares its own grant copy (table "grants")'),
      expect.stringContaining('services/payments/src/access/payments-grants.ts: creates a grant table of its own'),
      expect.stringContaining('services/payments/src/common/audit.ts: writes audit events itself (paymentsAuditEvents)'),
      expect.stringContaining('services/payments/src/common/audit-v2.ts: writes audit events itself (auditEvents)'),
    ]);
  });

  it('lets identity own the grants and consume the audit events, and a service use the kit', () => {
    const files: SourceFile[] = [
      { path: 'services/identity/src/grants/grant.entity.ts', text: "defineEntity({ name: 'DelegationGrant', tableName: 'delegation_grants', properties: {} })" },
      { path: 'services/identity/src/audit/audit-events.handlers.ts', text: "import { auditEvents, rosterAuditEvents } from '#libs/contracts';" },
      { path: 'services/payments/src/access/payments-access.ts', text: "import { grantsOf, recordForCreator } from '#libs/service-defaults';" },
      { path: 'services/payments/src/payments.nats.spec.ts', text: "import { auditEvents } from '#libs/contracts';" },
    ];
    expect(ownCopies(files)).toEqual([]);
  });

  it('finds none in the services as they are', () => {
    expect(ownCopies(sourceFiles(['services'], /^services\/[^/]+\/src\//))).toEqual([]);
  });
});

describe('one JetStream pull loop (services use the kit)', () => {
  it('finds a service or library that gets, creates or pulls a JetStream consumer itself', () => {
    const files: SourceFile[] = [
      {
        path: 'services/payments/src/intake/intake.consumer.ts',
        text: "import { jetstream } from '@nats-io/jetstream';\nconst c = await jetstream(nc).consumers.get('PAYMENTS_INTAKE', 'payments__PAYMENTS_INTAKE');\nconst messages = await c.consume({ max_messages: 50 });",
      },
      { path: 'services/payments/src/sync/sync.ts', text: "import { jetstreamManager } from '@nats-io/jetstream';\nawait jsm.consumers\n  .add('PAYMENTS', { durable_name: 'sync' });" },
      { path: 'libs/reports/src/poller.ts', text: "import { jetstream } from '@nats-io/jetstream';\nconst batch = await consumer.fetch({ max_messages: 10, expires: 1000 });" },
    ];
    expect(ownPullLoops(files)).toEqual([
      expect.stringContaining('services/payments/src/intake/intake.consumer.ts: reads JetStream itself (consumers.get()'),
      expect.stringContaining('services/payments/src/intake/intake.consumer.ts: reads JetStream itself (.consume()'),
      expect.stringContaining('services/payments/src/sync/sync.ts: reads JetStream itself (consumers.add()'),
      expect.stringContaining('libs/reports/src/poller.ts: reads JetStream itself (.fetch()'),
    ]);
  });

  it('lets the kit read JetStream, specs inspect streams, and code that only publishes or fetches something else', () => {
    const files: SourceFile[] = [
      { path: 'libs/messaging/src/inbox/pull-loop.ts', text: "import { jetstream } from '@nats-io/jetstream';\nconst consumer = await jetstream(nc).consumers.get(stream, durable);\nconsumer.consume({ max_messages: 10 });" },
      { path: 'services/payments/src/payments.nats.spec.ts', text: "import { jetstream } from '@nats-io/jetstream';\nconst c = await js.consumers.get('PAYMENTS');" },
      { path: 'services/payments/src/payments.test-support.ts', text: "import { jetstream } from '@nats-io/jetstream';\nawait jetstream(nc).publish(subject, body);" },
      { path: 'services/gateway/src/auth/grant-cache.ts', text: "import { RequestClient } from '#libs/messaging';\nconst grant = await this.fetch(asked, creatorId);" },
    ];
    expect(ownPullLoops(files)).toEqual([]);
  });

  it('finds none in the services and libraries as they are', () => {
    expect(ownPullLoops(sourceFiles(['services', 'libs'], /^(services|libs)\/[^/]+\/src\//))).toEqual([]);
  });
});
