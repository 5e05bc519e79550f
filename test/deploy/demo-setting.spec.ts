// When `npm start` loads the demo data, and what it tells the services for it.
// @ts-expect-error plain ESM JavaScript of the launcher, without type declarations
import { demoSetting } from '../../deploy/local/demo.mjs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_OPERATOR } from '../../tools/demo/demo-plan.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const fresh = () => Promise.resolve(true);
const used = () => Promise.resolve(false);

describe('npm start demo data', () => {
  it('loads when asked, adding the demo operator to the platform admins already named', async () => {
    const setting = await demoSetting({ argv: ['--demo'], env: { PLATFORM_ADMINS: 'ops@example.com' }, freshDatabase: used });
    expect(setting).toMatchObject({ load: true, env: { PLATFORM_ADMINS: `ops@example.com,${DEMO_OPERATOR.email}`, SIGNUP_MAX_PER_IP: '200' } });
    // Its thirty sign-ups from one address fit; a limit the operator set still wins.
    expect((await demoSetting({ argv: ['--demo'], env: { SIGNUP_MAX_PER_IP: '40' }, freshDatabase: used })).env.SIGNUP_MAX_PER_IP).toBe('40');
    expect((await demoSetting({ argv: [], env: { DEMO: '1' }, freshDatabase: used })).load).toBe(true);
  });

  it('loads on a first start with an empty database, unless declined', async () => {
    expect((await demoSetting({ argv: [], env: {}, freshDatabase: fresh })).load).toBe(true);
    expect((await demoSetting({ argv: [], env: {}, freshDatabase: used })).load).toBe(false);
    expect((await demoSetting({ argv: ['--no-demo'], env: {}, freshDatabase: fresh })).load).toBe(false);
    expect((await demoSetting({ argv: [], env: { DEMO: '0' }, freshDatabase: fresh })).load).toBe(false);
  });

  it('never loads in production, and refuses when asked to', async () => {
    expect(await demoSetting({ argv: [], env: { NODE_ENV: 'production' }, freshDatabase: fresh })).toEqual({ load: false, env: {} });
    expect((await demoSetting({ argv: ['--demo'], env: { NODE_ENV: 'production' }, freshDatabase: fresh })).refused).toMatch(/production/);
  });

  it('runs under plain Node as the launcher does, before any library is built', () => {
    // No development condition and no TypeScript loader: what `npm start` has at that moment.
    const script = `import('./deploy/local/demo.mjs').then(async (m) => console.log(JSON.stringify(await m.demoSetting({ argv: ['--demo'], env: {}, freshDatabase: async () => false }))))`;
    const env = { ...process.env, NODE_OPTIONS: '' };
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env, encoding: 'utf8' });
    expect(JSON.parse(out)).toMatchObject({ load: true, env: { PLATFORM_ADMINS: DEMO_OPERATOR.email } });
  });
});
