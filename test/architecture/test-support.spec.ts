import { sourceFiles, type SourceFile } from './source-files.js';

/**
 * Code only tests use says so in its name: a helper beside the code in libs/ or services/ is a
 * `<name>.test-support.ts` (docs/contributing.md, "One suffix per role"), and nothing that runs
 * in a service imports one. `libs/testing` is the test library itself.
 */
const importsOf = (text: string) => [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

function misplacedTestCode(files: readonly SourceFile[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    if (/\.(spec|test-support)\.ts$/.test(file.path) || file.path.startsWith('libs/testing/')) continue;
    const imports = importsOf(file.text);
    if (imports.includes('#libs/testing')) found.push(`${file.path}: uses #libs/testing, so it is a test helper: name it <name>.test-support.ts`);
    for (const spec of imports.filter((s) => /\.test-support\.js$/.test(s))) found.push(`${file.path}: imports the test helper ${spec}`);
  }
  return found;
}

describe('test helpers are named as such and stay out of running code', () => {
  it('finds a helper without the suffix, and running code that imports a helper', () => {
    const files: SourceFile[] = [
      { path: 'libs/messaging/src/events/test-support.ts', text: "import { startNatsServer } from '#libs/testing';" },
      { path: 'services/payments/src/payments.service.ts', text: "import { publishPayment } from './payments.test-support.js';" },
    ];
    expect(misplacedTestCode(files)).toEqual([
      'libs/messaging/src/events/test-support.ts: uses #libs/testing, so it is a test helper: name it <name>.test-support.ts',
      'services/payments/src/payments.service.ts: imports the test helper ./payments.test-support.js',
    ]);
  });

  it('lets specs and helpers use the test library and each other', () => {
    const files: SourceFile[] = [
      { path: 'libs/messaging/src/messaging.test-support.ts', text: "import { startNatsServer } from '#libs/testing';" },
      { path: 'services/payments/src/payments.nats.spec.ts', text: "import { bootService } from '#libs/testing';\nimport { publishPayment } from './payments.test-support.js';" },
      { path: 'libs/testing/src/service-boot.ts', text: "import { startNatsServer } from './nats-server.js';" },
    ];
    expect(misplacedTestCode(files)).toEqual([]);
  });

  it('finds none in libs/ and services/ as they are', () => {
    const files = sourceFiles(['libs', 'services'], /^(libs|services)\/[^/]+\/src\//);
    expect(files.length).toBeGreaterThan(100);
    expect(misplacedTestCode(files)).toEqual([]);
  });
});
