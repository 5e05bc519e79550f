import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  anchorsOf,
  brokenLinks,
  citedMarkdownPaths,
  commentsOf,
  fileExists,
  filesUnder,
  githubSlug,
  missingCitations,
  readIfExists,
} from './doc-links.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rel = (absolute: string) => path.relative(root, absolute);

describe('links in the documentation', () => {
  const markdown = [
    path.join(root, 'README.md'),
    path.join(root, 'BENCHMARKS.md'),
    ...filesUnder(path.join(root, 'docs'), (name) => name.endsWith('.md')),
    ...filesUnder(path.join(root, 'deploy'), (name) => name.endsWith('.md')),
  ];

  it('covers the README and every page under docs/', () => {
    expect(markdown.map(rel)).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/contributing.md']));
  });

  it('every relative link leads to an existing file, and every #anchor to a heading of it', () => {
    const broken = markdown.flatMap((file) => brokenLinks(file, readFileSync(file, 'utf8'), fileExists, readIfExists));
    expect(broken.map((b) => `${rel(b.file)}:${b.line} ${b.target} (${b.reason})`)).toEqual([]);
  });

  it('the README links to every page under docs/', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const pages = filesUnder(path.join(root, 'docs'), (name) => name.endsWith('.md')).map(rel);
    expect(pages.filter((page) => !readme.includes(`](${page})`))).toEqual([]);
  });
});

describe('documents cited in code comments', () => {
  it('every *.md a comment under libs, services, test, tools or deploy names exists', () => {
    const sources = ['libs', 'services', 'test', 'tools', 'deploy'].flatMap((dir) =>
      filesUnder(path.join(root, dir), (name) => /\.(ts|tsx|js|mjs|cjs|ya?ml|sh)$|^Dockerfile$/.test(name)),
    );
    expect(sources.length).toBeGreaterThan(100);
    const missing = sources.flatMap((file) => missingCitations(root, file, readFileSync(file, 'utf8'), fileExists));
    expect(missing.map((m) => `${rel(m.file)}:${m.line} ${m.target}`)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const file = '/repo/docs/guide.md';
  const files: Record<string, string> = {
    '/repo/docs/guide.md': '',
    '/repo/docs/other.md': '# Other page\n\n## Running one service\n\n## Durability of what security relies on\n',
    '/repo/README.md': '# Talent Portal\n',
  };
  const exists = (absolute: string) => absolute in files || absolute === '/repo/docs';
  const read = (absolute: string) => files[absolute];
  const check = (markdown: string) => brokenLinks(file, markdown, exists, read).map((b) => `${b.target}: ${b.reason}`);

  it('reports a link to a missing file, and nothing for good links, external ones or links inside code', () => {
    const markdown = [
      'See [other](other.md), [readme](../README.md), [site](https://example.com/x.md) and [mail](mailto:a@b.c).',
      'Not a link: `[x](missing-in-code.md)`.',
      '```',
      '[y](missing-in-fence.md)',
      '```',
      'But [this](missng.md) is broken, and so is ![picture](screenshots/none.png).',
    ].join('\n');
    expect(check(markdown)).toEqual(['missng.md: no such file', 'screenshots/none.png: no such file']);
  });

  it('reports an anchor that names no heading, in another page or the same one', () => {
    const markdown = '# Guide\n\n[a](other.md#running-one-service) [b](other.md#running-two-services) [c](#guide) [d](#nowhere)';
    expect(check(markdown)).toEqual(['other.md#running-two-services: no heading with anchor #running-two-services', '#nowhere: no heading with anchor #nowhere']);
  });

  it('makes anchors as GitHub does', () => {
    expect(githubSlug('Durability of what security and the outbox rely on')).toBe('durability-of-what-security-and-the-outbox-rely-on');
    expect(githubSlug('Roster, profiles and rate cards')).toBe('roster-profiles-and-rate-cards');
    expect(githubSlug('One-machine run (npm start)')).toBe('one-machine-run-npm-start');
    expect([...anchorsOf('# A `code` heading\n## Notes\n## Notes\n```\n# not a heading\n```')]).toEqual(['a-code-heading', 'notes', 'notes-1']);
  });

  it('finds the documents a comment cites, and not the ones code or a URL names', () => {
    const source = [
      '/** The public API (API.md § Metrics); see docs/metrics.md. */',
      "const page = 'CHANGELOG.md'; // see ../deploy/k8s/README.md",
      '// https://github.com/org/repo/blob/main/NOTES.md',
    ].join('\n');
    expect(citedMarkdownPaths(commentsOf('x.ts', source))).toEqual(['API.md', 'docs/metrics.md', '../deploy/k8s/README.md']);
    expect(citedMarkdownPaths(commentsOf('x.yaml', 'key: value # see README.md\nname: DESIGN.md'))).toEqual(['README.md']);
  });

  it('reports a cited document that exists neither beside the file nor at the root', () => {
    const source = '// see README.md and docs/other.md and DESIGN.md';
    const missing = missingCitations('/repo', '/repo/services/x/a.ts', source, exists);
    expect(missing.map((m) => m.target)).toEqual(['DESIGN.md']);
  });
});
