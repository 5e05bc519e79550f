// Refreshes the portal screenshots of docs/portal.md from the demo world of a running platform:
//   npm start -- --demo                                   (in another terminal)
//   npm run docs:screenshots -- [--gateway <url>] [--out docs/screenshots]
// Drives Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium or /usr/bin/chromium-browser) through playwright-core.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { isExecutable, locate } from '../setup/system-deps.mjs';
import { DEMO_AGENCY, DEMO_BRAND, DEMO_CREATORS, DEMO_PASSWORD } from './demo-plan.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { gateway: { type: 'string' }, out: { type: 'string' } } });
const baseURL = values.gateway ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
const out = path.resolve(values.out ?? 'docs/screenshots');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: locate('chromium', process.env, isExecutable) ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function signedIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(30_000);
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  // Charts animate in; let them settle so the picture shows the data.
  await page.waitForTimeout(1_500);
  // Down to the end of the content, not of the viewport-high page background.
  const box = await page.locator('main').boundingBox();
  const bottom = Math.ceil(box ? box.y + box.height : 900);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.max(bottom + 24, 400) } });
  process.stdout.write(`[screenshots] ${name}.png\n`);
}

try {
  const manager = await signedIn(DEMO_AGENCY.manager.email);
  const first = DEMO_CREATORS[0]!;
  await manager.goto('/roster');
  await manager.getByRole('link', { name: first.name, exact: true }).waitFor();
  await manager.getByRole('cell', { name: /K$|M$/ }).first().waitFor();
  await shoot(manager, 'portal-roster');

  await manager.getByRole('link', { name: first.name, exact: true }).click();
  await manager.getByRole('region', { name: 'Growth' }).locator('svg.recharts-surface').first().waitFor();
  await manager.getByRole('figure', { name: 'Audience by age' }).waitFor();
  await shoot(manager, 'portal-creator-card');

  const brand = await signedIn(DEMO_BRAND.owner.email);
  await brand.goto('/discover');
  await brand.getByRole('button', { name: 'Search' }).click();
  await brand.getByRole('link', { name: first.name, exact: true }).waitFor();
  await shoot(brand, 'portal-discover');
} finally {
  await browser.close();
}
