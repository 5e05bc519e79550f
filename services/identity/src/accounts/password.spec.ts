import { checkPassword, hashPassword, needsRehash, paddingCosts, verifyPassword } from './password.js';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts every hash: the same password never hashes twice alike', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!'), hashPassword('same password!')]);
    expect(a).not.toBe(b);
    await expect(verifyPassword('same password!', b)).resolves.toBe(true);
  });

  it('refuses parameters below N = 2^15 and malformed hashes without throwing', async () => {
    await expect(hashPassword('x'.repeat(12), 14)).rejects.toThrow(/15/);
    const weak = (await hashPassword('weak params!')).replace('ln=15', 'ln=10');
    await expect(verifyPassword('weak params!', weak)).resolves.toBe(false);
    await expect(verifyPassword('anything', 'plaintext')).resolves.toBe(false);
    await expect(verifyPassword('anything', 'scrypt$ln=15,r=8,p=1$short$short')).resolves.toBe(false);
  });

  it('normalizes Unicode so the same visible password matches', async () => {
    const stored = await hashPassword('café-password'.normalize('NFC'));
    await expect(verifyPassword('café-password'.normalize('NFD'), stored)).resolves.toBe(true);
  });

  it('says when a hash uses weaker parameters than configured', async () => {
    const stored = await hashPassword('rehash me please');
    expect(needsRehash(stored, 15)).toBe(false);
    expect(needsRehash(stored, 16)).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });

  it('costs a noticeable amount of work per check (memory-hard, not a fast hash)', async () => {
    const stored = await hashPassword('timing matters');
    const started = performance.now();
    await verifyPassword('timing matters', stored);
    expect(performance.now() - started).toBeGreaterThan(10);
  });

  it('pads a check of an older, cheaper hash to the configured cost, so it answers no faster than an unknown account', () => {
    const work = (stored: number, configured: number) => 2 ** stored + paddingCosts(stored, configured).reduce((sum, ln) => sum + 2 ** ln, 0);
    expect(paddingCosts(15, 15)).toEqual([]);
    expect(paddingCosts(15, 17)).toEqual([15, 16]);
    for (const [stored, configured] of [[15, 15], [15, 16], [15, 18], [16, 20]] as const) expect(work(stored, configured)).toBe(2 ** configured);
    expect(paddingCosts(undefined, 16)).toEqual([16]);
  });

  // scrypt at 2^16 is deliberately slow, and slower still on a busy machine.
  it('checks an older hash with the configured cost and still gives the right answer', async () => {
    const stored = await hashPassword('older hash password', 15);
    await expect(checkPassword('older hash password', stored, 16)).resolves.toBe(true);
    await expect(checkPassword('wrong password!!', stored, 16)).resolves.toBe(false);
    await expect(checkPassword('anything', 'garbage', 15)).resolves.toBe(false);
  }, 30_000);
});
