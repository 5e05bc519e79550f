// deploy/prometheus/alerts.yml: valid for Prometheus (promtool), its unit tests pass, and every
// alert tells the person paged what it means and where its runbook section is.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadYaml, readText, repoPath } from './helpers.js';
import { loadAlertRules } from './promql.js';

const PROMTOOL_CANDIDATES = ['/usr/bin/promtool', '/usr/local/bin/promtool'];
const INSTALL = 'apt-get install -y -qq --no-install-recommends prometheus (Debian ships promtool with it; .ci/run does this)';

function promtool(): string {
  const onPath = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim();
  const found = onPath || PROMTOOL_CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(`promtool not found: install it with\n  ${INSTALL}`);
  return found;
}

function run(args: string[]): string {
  try {
    return execFileSync(promtool(), args, { cwd: repoPath('deploy/prometheus'), encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
}

/** GitHub's anchor for a Markdown heading. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** The body of each section of a Markdown file, by anchor. */
function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      current = slug(heading[1]!);
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

describe('.ci/run', () => {
  it('installs promtool when missing and leaves no Prometheus daemon running', () => {
    const ci = readText('.ci/run');
    expect(ci).toMatch(/command -v promtool/);
    expect(ci).toMatch(/apt-get install -y -qq --no-install-recommends prometheus/);
    expect(ci).toMatch(/systemctl disable --now prometheus|invoke-rc\.d prometheus stop/);
  });
});
