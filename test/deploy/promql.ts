// Metric names a PromQL expression reads, for checking alert rules and dashboard queries
// against what the services expose. Not a PromQL parser: it strips what is not a metric name
// (strings, label matchers, ranges, grouping clauses, template variables, functions, keywords)
// and keeps the identifiers left, which is enough for the expressions this repository writes.
import { parse } from 'yaml';
import { readText } from './helpers.js';

const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'inf', 'nan']);

export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)) {
    const [, name, call] = m;
    if (call || KEYWORDS.has(name!.toLowerCase())) continue;
    names.add(name!);
  }
  return [...names].sort();
}

/** Series Prometheus itself creates for every target, not read from /metrics. */
export const SCRAPE_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function loadAlertRules(): AlertRule[] {
  const doc = parse(readText('deploy/prometheus/alerts.yml')) as { groups: { name: string; rules: AlertRule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

/** Every `expr` of the Grafana dashboard's panels (rows' nested panels included). */
export function dashboardQueries(dashboard: { panels?: any[] }): { panel: string; expr: string }[] {
  const panels = (dashboard.panels ?? []).flatMap((p: any) => [p, ...(p.panels ?? [])]);
  return panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => ({ panel: p.title as string, expr: t.expr as string })));
}

/**
 * Metric names an exposition (a /metrics body) offers to queries: each family named by a
 * `# TYPE` line, a histogram or summary also as its `_bucket`, `_sum` and `_count` series.
 */
export function exposedMetricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\w+)$/gm)) {
    const [, name, type] = m;
    names.add(name!);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
    if (type === 'summary') for (const s of ['_sum', '_count']) names.add(name + s);
  }
  return names;
}
