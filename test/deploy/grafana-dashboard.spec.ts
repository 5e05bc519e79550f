// deploy/grafana/talent-portal.json: a dashboard Grafana imports as is (provisioning or
// "Import dashboard"), whose queries read metrics the alerts also use. That each metric exists
// on a running service's /metrics is checked by test/e2e/operations-metrics.spec.ts.
import { readText } from './helpers.js';
import { dashboardQueries, metricNamesIn } from './promql.js';

const dashboard = JSON.parse(readText('deploy/grafana/talent-portal.json'));
const panels: any[] = dashboard.panels;
const PANEL_TYPES = new Set(['row', 'timeseries', 'stat', 'gauge', 'state-timeline', 'table', 'bargauge', 'text']);

describe('deploy/grafana/talent-portal.json', () => {
  it('is a dashboard: uid, title, schema version, time range, panels', () => {
    expect(dashboard).toMatchObject({ uid: 'talent-portal', title: expect.any(String), schemaVersion: expect.any(Number), time: { from: expect.any(String), to: 'now' } });
    expect(dashboard.id ?? null).toBeNull(); // an id would tie it to one Grafana database
    expect(panels.length).toBeGreaterThan(0);
  });

  it('gives every panel a unique id, a known type and a place on the 24-column grid', () => {
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      expect([p.title, PANEL_TYPES.has(p.type)]).toEqual([p.title, true]);
      const { x, y, w, h } = p.gridPos;
      expect([p.title, [x, y, w, h].every(Number.isInteger), x >= 0 && w > 0 && x + w <= 24, h > 0]).toEqual([p.title, true, true, true]);
    }
  });

  it('queries Prometheus through the datasource variable, with a refId per target', () => {
    const vars = dashboard.templating.list.map((v: any) => v.name);
    expect(vars).toEqual(expect.arrayContaining(['datasource', 'service']));
    for (const p of panels.filter((p) => p.type !== 'row')) {
      expect([p.title, p.datasource]).toEqual([p.title, { type: 'prometheus', uid: '${datasource}' }]);
      expect(p.targets.length).toBeGreaterThan(0);
      const refIds = p.targets.map((t: any) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
  });

  it('shows RED per route and per subject, consumer lag, outbox backlog and age, dead letters and breakers', () => {
    const used = new Set(dashboardQueries(dashboard).flatMap((q) => metricNamesIn(q.expr)));
    for (const name of [
      'http_server_requests_total',
      'http_server_duration_seconds_bucket',
      'rpc_server_requests_total',
      'rpc_server_duration_seconds_bucket',
      'tp_consumer_pending_messages',
      'tp_outbox_unsent_rows',
      'tp_outbox_oldest_unsent_age_seconds',
      'tp_outbox_parked_rows',
      'tp_dead_letter_messages',
      'tp_breaker_state',
    ]) {
      expect([name, used.has(name)]).toEqual([name, true]);
    }
  });
});
