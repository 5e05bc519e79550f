import { defineConfig } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// The gateway serves the output at `/` under a CSP without inline scripts or styles, so the
// build emits only files (no inlined module-preload polyfill, no inline CSS).
export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.resolve(here, '../../dist/portal'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    // The charts chunk (recharts) loads lazily, after the card's numbers.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // React Query marks its hooks "use client" for server-component bundlers; meaningless here.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
