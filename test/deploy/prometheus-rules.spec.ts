// deploy/prometheus/alerts.yml: valid for Prometheus (promtool), its unit tests pass, and every
// alert tells the person paged what it means and where its runbook section is.
import { execFileSync } from 'node:child_process';
import { decideSetup, isExecutable, locate } from '../../tools/setup/system-deps.mjs';
import { loadYaml, readText, repoPath } from './helpers.js';
import { githubSlug } from '../docs/doc-links.js';
import { loadAlertRules } from './promql.js';

/** promtool where `npm test` installs it; missing, the test fails with the command that installs it. */
function promtool(): string {
  const found = locate('promtool', process.env, isExecutable);
  if (found) return found;
  const plan = decideSetup({ missing: ['promtool'], env: process.env, family: 'debian', isRoot: false, canSudo: false, installAllowed: true });
  throw new Error(`promtool not found (npm test installs it when it may). ${plan.action === 'stop' ? plan.message : ''}`);
}

function run(args: string[]): string {
  const bin = promtool();
  try {
    return execFileSync(bin, args, { cwd: repoPath('deploy/prometheus'), encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
}

/** The body of each section of a Markdown file, by anchor. */
function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      current = githubSlug(heading[1]!.trim());
      out.set(current, '');
    } else if (current) {
      out.set(current, `${out.get(current)}${line}\n`);
    }
  }
  return out;
}

const rules = loadAlertRules();

describe('deploy/prometheus/alerts.yml', () => {
  it('passes promtool check rules', () => {
    expect(run(['check', 'rules', 'alerts.yml'])).toMatch(new RegExp(`SUCCESS: ${rules.length} rules found`));
  });

  it('passes its promtool unit tests (alerts.test.yml)', () => {
    expect(run(['test', 'rules', 'alerts.test.yml'])).toMatch(/SUCCESS/);
  });

  it('has unique alert names, a severity, a summary and a description on every alert', () => {
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    for (const r of rules) {
      expect([r.alert, r.labels?.severity]).toEqual([r.alert, expect.stringMatching(/^(page|ticket)$/)]);
      expect([r.alert, r.annotations?.summary?.length]).toEqual([r.alert, expect.any(Number)]);
      expect([r.alert, r.annotations?.description?.length]).toEqual([r.alert, expect.any(Number)]);
    }
  });

  it.each(rules.map((r) => [r.alert, r] as const))('%s links to its own runbook section, which gives the query and a command to run', (_name, r) => {
    const [file, anchor] = (r.annotations?.runbook_url ?? '').split('#');
    expect(file).toBe('docs/operations.md');
    expect(anchor).toBe(r.alert.toLowerCase());
    const section = sections(readText(file!)).get(anchor!);
    expect(section).toBeDefined();
    // The query the alert evaluates, verbatim, and at least one command an operator can run.
    expect(section!.replace(/\s+/g, ' ')).toContain(r.expr.trim().replace(/\s+/g, ' '));
    expect(section).toMatch(/`(npm run |kubectl |psql |pg_dump |pg_restore |curl )[^`]*`|```sh\n/);
  });
});

describe('deploy/prometheus/prometheus.yml', () => {
  // Not through `promtool check config`: Debian builds Prometheus without Kubernetes discovery.
  it('loads the alert rules and scrapes the annotated pods as the job the alerts select on', () => {
    const config = loadYaml('deploy/prometheus/prometheus.yml');
    expect(config.rule_files).toEqual(['alerts.yml']);
    const job = config.scrape_configs.find((j: { job_name: string }) => j.job_name === 'talent-portal');
    expect(job.kubernetes_sd_configs[0]).toMatchObject({ role: 'pod', namespaces: { names: ['talent-portal'] } });
    expect(job.relabel_configs.map((r: { target_label?: string }) => r.target_label)).toEqual(expect.arrayContaining(['__metrics_path__', '__address__', 'service']));
    expect(loadAlertRules().find((r) => r.alert === 'TpServiceDown')!.expr).toContain('job="talent-portal"');
  });
});
