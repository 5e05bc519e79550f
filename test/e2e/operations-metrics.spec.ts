import { BACKEND_SERVICES } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { readText } from '../deploy/helpers.js';
import { dashboardQueries, exposedMetricNames, loadAlertRules, metricNamesIn, SCRAPE_SERIES } from '../deploy/promql.js';
import { useStack } from './support/stack.js';

/**
 * What the alert rules and the dashboard query must be there to be queried: every metric name
 * they use is exposed on the /metrics of a running service (the gateway on its operations
 * port), and the operational gauges carry live values read from JetStream and the outbox.
 */
describe('/metrics of the running platform', () => {
  const stack = useStack();
  const scrapes = new Map<string, string>();

  const metricsUrl = (service: string) => {
    const running = service === 'gateway' ? stack().gateway() : stack().service(service as never);
    return `${(running.opsUrl ?? running.url).replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://127.0.0.1:')}/metrics`;
  };
  async function scrape(service: string): Promise<string> {
    const res = await fetch(metricsUrl(service));
    expect([service, res.status]).toEqual([service, 200]);
    const text = await res.text();
    scrapes.set(service, text);
    return text;
  }
  /** The value of one series, e.g. `tp_ready` or `tp_breaker_state{downstream="roster",…}` (labels in any order). */
  function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
    for (const line of text.split('\n')) {
      const m = /^([a-zA-Z_:][\w:]*)(\{.*\})? (\S+)$/.exec(line);
      if (!m || m[1] !== name) continue;
      const has = Object.entries(labels).every(([k, v]) => (m[2] ?? '').includes(`${k}="${v}"`));
      if (has) return Number(m[3]);
    }
    return undefined;
  }

  beforeAll(async () => {
    // A failed login goes through the gateway's breaker for identity's login subject, so that
    // breaker exists (one failure, or a 503 while identity is busy hashing, leaves it closed).
    const login = await fetch(`${stack().gatewayUrl()}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password' }),
    });
    expect([401, 503]).toContain(login.status);
    await Promise.all(['gateway', ...BACKEND_SERVICES].map(scrape));
  });

  const exposed = () => new Set([...scrapes.values()].flatMap((t) => [...exposedMetricNames(t)]));

  it.each(loadAlertRules().map((r) => [r.alert, r.expr] as const))('alert %s reads only metrics the services expose', (_alert, expr) => {
    const names = metricNamesIn(expr).filter((n) => !SCRAPE_SERIES.has(n));
    const all = exposed();
    expect(names.filter((n) => !all.has(n))).toEqual([]);
  });

  it('the dashboard reads only metrics the services expose', () => {
    const dashboard = JSON.parse(readText('deploy/grafana/talent-portal.json'));
    const all = exposed();
    const missing = dashboardQueries(dashboard).flatMap((q) => metricNamesIn(q.expr).filter((n) => !all.has(n)).map((n) => `${q.panel}: ${n}`));
    expect(missing).toEqual([]);
  });

  it('every service reports itself ready and every gauge source readable', async () => {
    for (const service of ['gateway', ...BACKEND_SERVICES]) {
      await eventually(async () => value(await scrape(service), 'tp_ready') === 1);
      const text = scrapes.get(service)!;
      for (const source of ['readiness', ...(service === 'gateway' ? [] : ['outbox'])]) {
        expect([service, source, value(text, 'tp_gauge_source_up', { source })]).toEqual([service, source, 1]);
      }
    }
  });

  it('reports lag and dead letters per durable from JetStream, and the outbox from its table', async () => {
    const roster = await scrape('roster');
    expect(value(roster, 'tp_gauge_source_up', { source: 'jetstream' })).toBe(1);
    expect(value(roster, 'tp_consumer_pending_messages', { stream: 'IDENTITY', consumer: 'roster', durable: 'roster__IDENTITY' })).toEqual(expect.any(Number));
    expect(value(roster, 'tp_dead_letter_messages', { stream: 'IDENTITY', consumer: 'roster' })).toBe(0);
    expect(value(roster, 'tp_outbox_parked_rows')).toBe(0);
    expect(value(roster, 'tp_outbox_oldest_unsent_age_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('reports each gateway breaker by downstream service and subject', async () => {
    const gateway = await scrape('gateway');
    expect(value(gateway, 'tp_breaker_state', { downstream: 'identity', subject: 'identity.auth.login.v1' })).toBe(0);
  });
});
