import { randomUUID } from 'node:crypto';
import type { Principal } from '#libs/contracts';
import { formatVerifyKeys, generatePrincipalKey, parseVerifyKeys, PrincipalSigner, PrincipalVerifier } from './principal-token.js';

const principal: Principal = { userId: randomUUID(), kind: 'manager', orgId: randomUUID(), orgKind: 'agency', role: 'owner' };
const SUBJECT = 'identity.grants.approve.v1';

describe('signed principals', () => {
  const gatewayKey = generatePrincipalKey();
  const rosterKey = generatePrincipalKey();
  const gateway = new PrincipalSigner(gatewayKey.seed);
  const verifier = () =>
    new PrincipalVerifier(parseVerifyKeys(formatVerifyKeys([['gateway', gatewayKey.publicKey], ['roster', rosterKey.publicKey]])));

  it('accepts a principal the gateway signed for this subject, once', () => {
    const v = verifier();
    const token = gateway.sign(principal, SUBJECT, 'req-1');
    expect(v.verify(token, SUBJECT, ['gateway'])).toEqual(principal);
    expect(() => v.verify(token, SUBJECT, ['gateway'])).toThrow(/already used/);
  });

  it('refuses unsigned, forged, expired and re-targeted principals', () => {
    const v = verifier();
    expect(() => v.verify(JSON.stringify(principal), SUBJECT, ['gateway'])).toThrow(/not signed/);
    const stranger = new PrincipalSigner(generatePrincipalKey().seed);
    expect(() => v.verify(stranger.sign(principal, SUBJECT), SUBJECT, ['gateway'])).toThrow(/unknown key/);
    expect(() => v.verify(gateway.sign(principal, SUBJECT, null, Date.now() - 60_000), SUBJECT, ['gateway'])).toThrow(/expired/);
    expect(() => v.verify(gateway.sign(principal, 'identity.me.get.v1'), SUBJECT, ['gateway'])).toThrow(/another subject/);
  });

  it('refuses a token whose claims were changed after signing', () => {
    const [body, sig] = gateway.sign(principal, SUBJECT).split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    claims.p.userId = randomUUID();
    const tampered = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    expect(() => verifier().verify(tampered, SUBJECT, ['gateway'])).toThrow(/signature/);
  });

  it('refuses a known signer that the contract does not name as a caller', () => {
    const roster = new PrincipalSigner(rosterKey.seed);
    expect(() => verifier().verify(roster.sign(principal, SUBJECT), SUBJECT, ['gateway'])).toThrow(/roster may not call/);
    expect(verifier().verify(roster.sign(principal, SUBJECT), SUBJECT, ['gateway', 'roster'])).toEqual(principal);
  });

  it('rejects a malformed verify-key list', () => {
    expect(() => parseVerifyKeys('gateway')).toThrow(/<signer>:<public key>/);
    expect(() => parseVerifyKeys('gateway:abc')).toThrow(/not a base64url Ed25519 public key/);
  });
});
