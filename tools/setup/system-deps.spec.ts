import { aptFamily, decideSetup, locate, neededFor, type SetupPlan } from './system-deps.mjs';

const machine = { env: {}, family: 'debian' as const, isRoot: false, canSudo: false, installAllowed: true };
/** What a stop tells the person at the terminal (or why the plan was not a stop). */
const told = (plan: SetupPlan) => (plan.action === 'stop' ? plan.message : `not a stop but ${plan.action}`);

describe('what npm start and npm test need', () => {
  it('npm start needs nats-server only when it runs its own bus (no NATS_URL)', () => {
    expect(neededFor('start', {})).toEqual(['nats-server']);
    expect(neededFor('start', { NATS_URL: 'nats://bus:4222' })).toEqual([]);
  });

  it('npm test needs nats-server, Chromium and promtool, whatever NATS_URL says', () => {
    expect(neededFor('test', { NATS_URL: 'nats://bus:4222' })).toEqual(['nats-server', 'chromium', 'promtool']);
  });
});

describe('decideSetup', () => {
  it('does nothing when nothing is missing', () => {
    expect(decideSetup({ ...machine, missing: [] })).toEqual({ action: 'none' });
  });

  it('as root on Debian installs every missing package in one apt-get install, after one apt-get update', () => {
    expect(decideSetup({ ...machine, isRoot: true, missing: ['nats-server', 'chromium'] })).toEqual({
      action: 'install',
      packages: ['nats-server', 'chromium'],
      steps: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'nats-server', 'chromium'],
      ],
    });
  });

  it('without root but with passwordless sudo installs through sudo -n', () => {
    const plan = decideSetup({ ...machine, canSudo: true, missing: ['chromium'] });
    expect(plan).toEqual({
      action: 'install',
      packages: ['chromium'],
      steps: [
        ['sudo', '-n', 'apt-get', 'update'],
        ['sudo', '-n', 'apt-get', 'install', '-y', '--no-install-recommends', 'chromium'],
      ],
    });
  });

  it('installs promtool from the prometheus package, then stops and disables the server that package starts', () => {
    expect(decideSetup({ ...machine, canSudo: true, missing: ['promtool'] })).toEqual({
      action: 'install',
      packages: ['prometheus'],
      steps: [
        ['sudo', '-n', 'apt-get', 'update'],
        ['sudo', '-n', 'apt-get', 'install', '-y', '--no-install-recommends', 'prometheus'],
      ],
      afterSteps: [['sudo', '-n', 'systemctl', 'disable', '--now', 'prometheus']],
    });
    expect(told(decideSetup({ ...machine, missing: ['promtool'] }))).toContain(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus && sudo systemctl disable --now prometheus',
    );
  });

  it("installs Ubuntu's package names on Ubuntu", () => {
    const plan = decideSetup({ ...machine, family: 'ubuntu', isRoot: true, missing: ['nats-server', 'chromium'] });
    expect(plan).toMatchObject({ action: 'install', packages: ['nats-server', 'chromium-browser'] });
  });

  it('without root or sudo stops with the one command to run', () => {
    const plan = decideSetup({ ...machine, missing: ['nats-server', 'chromium'] });
    expect(told(plan)).toContain('needs root or passwordless sudo');
    expect(told(plan)).toContain('sudo apt-get update && sudo apt-get install -y --no-install-recommends nats-server chromium');
  });

  it('with SYSTEM_DEPS_INSTALL=0 stops with the command even as root (without sudo in it)', () => {
    const plan = decideSetup({ ...machine, isRoot: true, installAllowed: false, missing: ['nats-server'] });
    expect(told(plan)).toContain('SYSTEM_DEPS_INSTALL=0');
    expect(told(plan)).toContain('\n  apt-get update && apt-get install -y --no-install-recommends nats-server');
  });

  it('without apt-get says how to get each program elsewhere', () => {
    const plan = decideSetup({ ...machine, family: undefined, isRoot: true, missing: ['nats-server', 'chromium'] });
    expect(told(plan)).toContain('nats-server: brew install nats-server');
    expect(told(plan)).toContain('chromium: install Chromium and set CHROMIUM_PATH');
  });

  it('names a variable that points at no executable instead of installing a package that would not be used', () => {
    const plan = decideSetup({ ...machine, isRoot: true, env: { CHROMIUM_PATH: '/opt/nowhere/chrome' }, missing: ['chromium'] });
    expect(plan).toEqual({
      action: 'stop',
      message: 'CHROMIUM_PATH is /opt/nowhere/chrome, which is not an executable file: point it at the program, or unset it.',
    });
  });
});

describe('locate', () => {
  const only = (...files: string[]) => (file: string) => files.includes(file);

  it('finds nats-server on PATH, or in /usr/sbin where Debian puts it', () => {
    expect(locate('nats-server', { PATH: '/usr/local/bin:/usr/bin' }, only('/usr/bin/nats-server'))).toBe('/usr/bin/nats-server');
    expect(locate('nats-server', { PATH: '/usr/bin' }, only('/usr/sbin/nats-server'))).toBe('/usr/sbin/nats-server');
    expect(locate('nats-server', { PATH: '/usr/bin' }, only())).toBeUndefined();
  });

  it("finds Debian's or Ubuntu's Chromium", () => {
    expect(locate('chromium', {}, only('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
    expect(locate('chromium', {}, only('/usr/bin/chromium-browser'))).toBe('/usr/bin/chromium-browser');
  });

  it('takes the path a variable names and looks nowhere else', () => {
    expect(locate('chromium', { CHROMIUM_PATH: '/opt/chrome' }, only('/opt/chrome', '/usr/bin/chromium'))).toBe('/opt/chrome');
    expect(locate('nats-server', { NATS_SERVER_BIN: '/opt/nats', PATH: '/usr/bin' }, only('/usr/bin/nats-server'))).toBeUndefined();
  });
});

describe('aptFamily', () => {
  it('tells Ubuntu and its derivatives from Debian, and needs apt-get', () => {
    expect(aptFamily('ID=debian\nVERSION_ID="12"\n', true)).toBe('debian');
    expect(aptFamily('ID=ubuntu\nID_LIKE=debian\n', true)).toBe('ubuntu');
    expect(aptFamily('ID=linuxmint\nID_LIKE="ubuntu debian"\n', true)).toBe('ubuntu');
    expect(aptFamily('ID=ubuntu\n', false)).toBeUndefined();
  });
});
