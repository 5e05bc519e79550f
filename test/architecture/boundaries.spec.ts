import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result.messages.filter((m) => m.ruleId === 'boundaries/service-imports').map((m) => m.message);
}

describe('module boundaries (lint)', () => {
  it('refuses a service importing another service, by relative or rooted path', async () => {
    const errors = await boundaryErrors(
      'services/roster/src/feature/x.ts',
      [
        "import { gatewayApp } from '../../../gateway/src/gateway.app.js';",
        "export { campaignsApp } from 'services/campaigns/src/campaigns.app.js';",
        'export const used = gatewayApp;',
      ].join('\n'),
    );
    expect(errors).toEqual([
      expect.stringContaining('must not import from service "gateway"'),
      expect.stringContaining('must not import from service "campaigns"'),
    ]);
  });

  it('allows a service its own files and libs/*', async () => {
    const errors = await boundaryErrors(
      'services/roster/src/feature/x.ts',
      "import { AppError } from '#libs/contracts';\nimport { rosterApp } from '../roster.app.js';\nexport const used = [AppError, rosterApp];",
    );
    expect(errors).toEqual([]);
  });

  it('refuses a library depending on a service', async () => {
    const errors = await boundaryErrors('libs/contracts/src/x.ts', "export { rosterApp } from '../../../services/roster/src/roster.app.js';");
    expect(errors).toEqual([expect.stringContaining('Libraries must not depend on services')]);
  });

  it('finds no boundary violation anywhere in the tree', async () => {
    const results = await eslint.lintFiles(['libs', 'services']);
    const violations = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'boundaries/service-imports').map((m) => `${path.relative(root, r.filePath)}: ${m.message}`),
    );
    expect(violations).toEqual([]);
  }, 240_000); // the whole tree, in one process beside the rest of the suite
});

describe('pure domain modules (lint)', () => {
  async function purityErrors(filePath: string, code: string) {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  it('refuses framework, database and messaging imports in state machines and rules', async () => {
    const code = [
      "import { Injectable } from '@nestjs/common';",
      "import { LockMode } from '@mikro-orm/core';",
      "import { enqueueEvent } from '#libs/messaging';",
      'export const used = [Injectable, LockMode, enqueueEvent];',
    ].join('\n');
    expect(await purityErrors('services/negotiation/src/offers/offer.state-machine.ts', code)).toHaveLength(3);
    expect(await purityErrors('services/campaigns/src/offers/offer.rules.ts', code)).toHaveLength(3);
    expect(await purityErrors('services/campaigns/src/offers/offers.service.ts', code)).toEqual([]);
  });

  it('allows contracts and the authorization policy', async () => {
    const code = "import { AppError } from '#libs/contracts';\nimport { authorize } from '#libs/authz';\nexport const used = [AppError, authorize];";
    expect(await purityErrors('services/negotiation/src/offers/offer.state-machine.ts', code)).toEqual([]);
  });
});
