import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureSystemDependencies, isExecutable, locate } from '../../../tools/setup/system-deps.mjs';
import { screenTextFindings } from './screen-text.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../../..');
/** Screenshots of every run land here (ignored by git). */
export const OUTPUT_DIR = path.resolve(here, '../output');
export const PORTAL_DIR = path.join(REPO, 'dist/portal');

// Headless on a closed network, as root in CI: no sandbox, nothing phoning home.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(): Promise<Browser> {
  // npm test installs it before any test runs; a Jest run started another way is told how.
  const executablePath = locate('chromium', process.env, isExecutable);
  if (!executablePath) {
    const check = ensureSystemDependencies('test', { env: { ...process.env, SYSTEM_DEPS_INSTALL: '0' } });
    throw new Error(check.ok ? 'no Chromium found: set CHROMIUM_PATH' : check.message);
  }
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return chromium.launch({ executablePath, args: ARGS, headless: true });
}

export interface Tab {
  page: Page;
  context: BrowserContext;
  /** Every CSP violation and uncaught page error seen in this tab. */
  problems: string[];
}

/** A fresh browser profile (its own session storage) opened at the portal. */
export async function openTab(browser: Browser, baseURL: string, viewport = { width: 1280, height: 900 }): Promise<Tab> {
  const context = await browser.newContext({ baseURL, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  trackRequests(page);
  return { page, context, problems };
}

/*
 * Requests a page has in flight, but for the notification stream, which stays open as long as
 * the page does: Playwright's "networkidle" never comes while it is open, so a capture would
 * always wait out its whole timeout.
 */
const inFlight = new WeakMap<Page, { count: number; lastChange: number }>();
const LONG_LIVED = /\/v1\/notifications\/stream/;

function trackRequests(page: Page): void {
  const state = { count: 0, lastChange: Date.now() };
  inFlight.set(page, state);
  const counted = (url: string) => !LONG_LIVED.test(url);
  page.on('request', (r) => {
    if (!counted(r.url())) return;
    state.count++;
    state.lastChange = Date.now();
  });
  const done = (r: { url(): string }) => {
    if (!counted(r.url())) return;
    state.count = Math.max(0, state.count - 1);
    state.lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/** Waits until the page has had no request in flight for `quietMs` (at most `timeoutMs`). */
export async function networkSettled(page: Page, quietMs = 300, timeoutMs = 10_000): Promise<void> {
  const state = inFlight.get(page);
  if (!state) return void (await page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => undefined));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && (state.count > 0 || Date.now() - state.lastChange < quietMs)) await new Promise((r) => setTimeout(r, 50));
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const AXE = readFileSync(path.join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's serious and critical findings on the page as it is now. The script goes in
 * through the DevTools protocol, which the page's CSP does not govern.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Screenshot (saved under the output folder) plus findings, keyed by page name: accessibility
 * (axe) and the page's text (no id, code or minor units a person would have to read).
 */
export async function capture(page: Page, name: string, findings: Record<string, string[]>) {
  await networkSettled(page);
  await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
  const found = [...(await seriousA11yViolations(page)), ...screenTextFindings(await page.evaluate(() => document.body.innerText))];
  if (found.length) findings[name] = found;
}
