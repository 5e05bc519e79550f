import { exposedMetricNames, metricNamesIn } from './promql.js';

describe('metricNamesIn', () => {
  it('keeps metric names and drops functions, keywords, labels, ranges and variables', () => {
    const expr = `(
      sum by (service, route) (rate(http_server_requests_total{status=~"5..", route="$route"}[5m]))
      / on (service) group_left sum by (service, route) (rate(http_server_requests_total[$__rate_interval]))
    ) > 0.05 and max by (service) (tp_outbox_unsent_rows offset 5m) > 1e3
    or histogram_quantile(0.99, sum by (le) (rate(rpc_server_duration_seconds_bucket{service=~"\${service}"}[5m])))`;
    expect(metricNamesIn(expr)).toEqual(['http_server_requests_total', 'rpc_server_duration_seconds_bucket', 'tp_outbox_unsent_rows']);
  });

  it('reads a bare selector', () => {
    expect(metricNamesIn('up{job="talent-portal"} == 0')).toEqual(['up']);
  });
});

describe('exposedMetricNames', () => {
  it('names each family and the series of its histograms', () => {
    const text = ['# HELP a_total x', '# TYPE a_total counter', 'a_total{x="1"} 3', '# HELP d_seconds x', '# TYPE d_seconds histogram', ''].join('\n');
    expect([...exposedMetricNames(text)].sort()).toEqual(['a_total', 'd_seconds', 'd_seconds_bucket', 'd_seconds_count', 'd_seconds_sum']);
  });
});
