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

let dummy: Promise<string> | undefined;
/**
 * Spends the same time as a real check when the account does not exist, so response time
 * does not tell which emails are registered.
 */
export async function burnPasswordCheck(password: string, logN = MIN_LOG_N): Promise<void> {
  dummy ??= hashPassword('not-a-real-password', logN);
  await verifyPassword(password, await dummy);
}
