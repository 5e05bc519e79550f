// Lint rules that guard the architecture: services share only libs/, never each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

const services = readdirSync(new URL('./services/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/**
 * A service may import libs/* and its own files, nothing under another service. Checked on
 * the resolved path, so `../../other/src/x.js` and `services/other/...` are both caught.
 */
const boundaries = {
  rules: {
    'service-imports': {
      meta: { type: 'problem', messages: { crossService: 'Service "{{from}}" must not import from service "{{to}}"; share code through libs/.', libToService: 'Libraries must not depend on services ("{{to}}").' } },
      create(context) {
        const file = path.relative(root, context.filename);
        const [top, owner] = file.split(path.sep);
        const check = (node) => {
          const spec = node.source?.value;
          if (typeof spec !== 'string') return;
          const target = spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(context.filename), spec)) : spec;
          const [targetTop, targetService] = target.split(/[\\/]/);
          if (targetTop !== 'services' || !services.includes(targetService)) return;
          if (top === 'libs') context.report({ node, messageId: 'libToService', data: { to: targetService } });
          else if (top === 'services' && targetService !== owner) context.report({ node, messageId: 'crossService', data: { from: owner, to: targetService } });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

const DOMAIN_PURITY = 'Domain rules (state machines, *.rules.ts, *.formulas.ts, terms/, libs/authz, libs/contracts) must not depend on Nest, MikroORM, NATS or pg; keep the adapter in the service.';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.nx/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['libs/**/*.ts', 'services/**/*.ts'],
    plugins: { boundaries },
    rules: { 'boundaries/service-imports': 'error' },
  },
  {
    // Domain rules stay plain modules, testable without a framework, database or bus.
    files: ['**/*.state-machine.ts', '**/*.rules.ts', '**/*.formulas.ts', 'services/*/src/terms/**/*.ts', 'libs/authz/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // `#` starts a comment in gitignore-style patterns, so the workspace libraries go by exact name.
          paths: ['pg', '#libs/messaging', '#libs/persistence', '#libs/service-defaults', '#libs/observability', '#libs/testing'].map((name) => ({ name, message: DOMAIN_PURITY })),
          patterns: [{ group: ['@nestjs/*', '@mikro-orm/*', '@nats-io/*', '@opentelemetry/*', 'pg/*'], message: DOMAIN_PURITY }],
        },
      ],
    },
  },
);
