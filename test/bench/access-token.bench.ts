/**
 * What checking an access token costs the gateway per request, beside its baseline in the same
 * run: `verifyAccessToken` verifying the signature every time (as before tokens were remembered)
 * and with a token already verified (the memo hit a client's next requests take; the session and
 * the key are still checked). Latency and CPU per call, one call at a time, no network.
 * Run: npm run bench:tokens
 */
import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { ACCESS_TOKEN } from '#libs/contracts';
import { verifiedTokens, verifyAccessToken } from '../../services/gateway/src/auth/access-token.verifier.js';
import { measure, table } from './stats.js';

const N = Number(process.env.BENCH_CALLS ?? 20_000);

const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
const kid = 'bench';
const keyFor = async (k: string) => (k === kid ? publicKey : undefined);
const token = await new SignJWT({ tp_kind: 'manager', tp_org: randomUUID(), tp_org_kind: 'agency', tp_role: 'owner', sid: randomUUID() })
  .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, kid, typ: ACCESS_TOKEN.type })
  .setSubject(randomUUID())
  .setIssuer(ACCESS_TOKEN.issuer)
  .setAudience(ACCESS_TOKEN.audience)
  .setIssuedAt()
  .setExpirationTime('10m')
  .setJti(randomUUID())
  .sign(privateKey);
const live = () => false;
const memo = verifiedTokens();

const cases = [
  ['signature verified on every call (baseline)', () => verifyAccessToken(token, keyFor, live)],
  ['token verified before (memo hit)', () => verifyAccessToken(token, keyFor, live, memo)],
] as const;
const rows = [];
const cpuPerCall: string[] = [];
for (const [name, fn] of cases) {
  const before = process.cpuUsage();
  rows.push(await measure(name, N, 1, fn));
  const used = process.cpuUsage(before);
  // measure() warms up with up to 200 calls besides the N it times.
  cpuPerCall.push(`- ${name}: ${((used.user + used.system) / (N + Math.min(200, N))).toFixed(1)} µs of CPU a call`);
}
// A memo hit's p50 rounds to 0.000 ms, so the two are compared by calls per second.
console.log(`${table(rows)}\n\n${cpuPerCall.join('\n')}\n\ncalls per second, memo hit ÷ baseline: **${(rows[1]!.perSecond / rows[0]!.perSecond).toFixed(0)}×**`);
