import { afterAll, beforeAll, expect } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../../e2e/support/stack.js';
import { capture, launchBrowser, openTab, PORTAL_DIR, type Tab } from './browser.js';

export interface PortalStack {
  /** The whole platform, its gateway serving the built portal. */
  readonly stack: Stack;
  readonly browser: Browser;
  /** The gateway's address, which is also the portal's. */
  base(): string;
  /** A fresh browser profile at the portal; its CSP violations and page errors count against the file. */
  tab(viewport?: { width: number; height: number }): Promise<Tab>;
  /** Accessibility and screen-text findings of every captured page, by page name. */
  readonly a11y: Record<string, string[]>;
  readonly tabs: Tab[];
  /** Screenshot plus findings of the page as it is now (see `capture`). */
  capture(page: Page, name: string): Promise<void>;
  /** No finding on any captured page and no CSP violation or page error in any tab. */
  expectClean(): void;
}

/**
 * One browser-test file's world: a stack started with the portal (plus `env`) and Chromium,
 * both launched in the file's `beforeAll` and closed in its `afterAll`.
 */
export function usePortalStack(env: Record<string, string> = {}): PortalStack {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const tabs: Tab[] = [];
  const a11y: Record<string, string[]> = {};

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ env: { PORTAL_DIR, ...env } }), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  }, 120_000);

  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('the portal stack is not started yet: use it inside a test or a later beforeAll');
    return value;
  };

  return {
    get stack() {
      return started(stack);
    },
    get browser() {
      return started(browser);
    },
    base: () => started(stack).gatewayUrl(),
    async tab(viewport) {
      const tab = await openTab(started(browser), started(stack).gatewayUrl(), viewport);
      tabs.push(tab);
      return tab;
    },
    a11y,
    tabs,
    capture: (page, name) => capture(page, name, a11y),
    expectClean() {
      expect(a11y).toEqual({});
      expect(tabs.flatMap((t) => t.problems)).toEqual([]);
    },
  };
}
