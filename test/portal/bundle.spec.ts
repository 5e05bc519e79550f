import { describe, expect, it } from '@jest/globals';
import { INITIAL_JS_BUDGET, measureBundle } from './support/bundle-size.js';
import { PORTAL_DIR } from './support/browser.js';

describe('portal bundle', () => {
  it('loads at most 250 KB of gzipped JavaScript before the first screen; the charts come later', () => {
    const { rows, initialJs } = measureBundle(PORTAL_DIR);
    expect(initialJs).toBeGreaterThan(0);
    expect(initialJs).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
    expect(rows.filter((r) => !r.initial).map((r) => r.file)).toEqual([expect.stringMatching(/^assets\/Charts-.*\.js$/)]);
  });
});
