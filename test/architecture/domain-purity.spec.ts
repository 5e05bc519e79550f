import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

const FRAMEWORK_IMPORTS = [
  "import { Injectable } from '@nestjs/common';",
  "import type { EntityManager } from '@mikro-orm/postgresql';",
  "import { headers } from '@nats-io/transport-node';",
  "import pg from 'pg';",
  "export { Migration } from '@mikro-orm/migrations';",
  'export const used = [Injectable, headers, pg];',
  'export type Used = EntityManager;',
].join('\n');

async function purityErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('domain rules stay framework-free (lint)', () => {
  it.each([
    'services/roster/src/rates/rate-card.state-machine.ts',
    'services/identity/src/members/member.rules.ts',
    'services/metrics/src/kpis/kpi.formulas.ts',
    'services/negotiation/src/terms/terms.diff.ts',
    'libs/authz/src/anything.ts',
    'libs/contracts/src/roster/roster.contracts.ts',
  ])('refuses Nest, MikroORM, NATS and pg in %s', async (file) => {
    const errors = await purityErrors(file, FRAMEWORK_IMPORTS);
    expect(errors).toHaveLength(5);
    expect(errors.every((e) => e.includes('must not depend on Nest, MikroORM, NATS or pg'))).toBe(true);
  });

  it('leaves services and their adapters free to use them', async () => {
    expect(await purityErrors('services/roster/src/rates/rates.service.ts', FRAMEWORK_IMPORTS)).toEqual([]);
  });

  // The tree itself is checked by `npm run lint`, which `npm test` runs first.
});
