import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, in node:crypto, no native addon): N = 2^15 or
 * more, r = 8, p = 1, a 16-byte random salt per password, 32-byte key. The parameters travel
 * in the stored string, so raising N later keeps old hashes verifiable (and `needsRehash`
 * says when to upgrade one at the next login).
 *
 *   scrypt$ln=15,r=8,p=1$<salt base64url>$<key base64url>
 */
export const MIN_LOG_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const FORMAT = /^scrypt\$ln=(\d{2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  const N = 2 ** logN;
  // scrypt needs 128·N·r bytes; leave headroom over Node's 32 MiB default.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, logN = MIN_LOG_N): Promise<string> {
  if (!Number.isInteger(logN) || logN < MIN_LOG_N || logN > 22) throw new Error(`scrypt log2(N) must be ${MIN_LOG_N}..22`);
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, logN, R, P, KEY_LENGTH);
  return `scrypt$ln=${logN},r=${R},p=${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Constant-time comparison of the derived key; false (never a throw) for anything malformed. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const [, ln, r, p, salt, key] = m;
  const expected = Buffer.from(key, 'base64url');
  const logN = Number(ln);
  if (logN < MIN_LOG_N || logN > 22) return false;
  const actual = await derive(password, Buffer.from(salt, 'base64url'), logN, Number(r), Number(p), expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function needsRehash(stored: string, logN = MIN_LOG_N): boolean {
  const m = FORMAT.exec(stored);
  return !m || Number(m[1]) < logN || Number(m[2]) !== R || Number(m[3]) !== P;
}

function logNOf(stored: string): number | undefined {
  const m = FORMAT.exec(stored);
  return m && Number(m[2]) === R && Number(m[3]) === P ? Number(m[1]) : undefined;
}

/**
 * The extra scrypt runs that make checking a hash of cost 2^stored take as long as one of
 * cost 2^configured: scrypt's time is linear in N, and 2^c − 2^s = 2^s + 2^(s+1) + … + 2^(c−1).
 * A hash we cannot read gets one full run at the configured cost.
 */
export function paddingCosts(storedLogN: number | undefined, configuredLogN: number): number[] {
  if (storedLogN === undefined) return [configuredLogN];
  const costs: number[] = [];
  for (let ln = storedLogN; ln < configuredLogN; ln++) costs.push(ln);
  return costs;
}

const PADDING_SALT = Buffer.alloc(SALT_LENGTH);

/**
 * Checks a login's password in the time a hash at the configured cost takes, whatever cost
 * the stored hash has. Unknown accounts are checked against a dummy at the configured cost;
 * without the padding, an account whose hash predates a raise of PASSWORD_SCRYPT_LOG_N would
 * answer faster than an unknown one, telling which emails are registered.
 */
export async function checkPassword(password: string, stored: string, logN = MIN_LOG_N): Promise<boolean> {
  const ok = await verifyPassword(password, stored);
  for (const ln of paddingCosts(logNOf(stored), logN)) await derive(password, PADDING_SALT, ln, R, P, KEY_LENGTH);
  return ok;
}

const dummies = new Map<number, Promise<string>>();
/**
 * Spends the same time as a real check when the account does not exist, so response time
 * does not tell which emails are registered.
 */
export async function burnPasswordCheck(password: string, logN = MIN_LOG_N): Promise<void> {
  if (!dummies.has(logN)) dummies.set(logN, hashPassword('not-a-real-password', logN));
  await verifyPassword(password, await dummies.get(logN)!);
}
