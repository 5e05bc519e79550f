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

  it('refuses a token whose principal or binding was changed after signing', () => {
    const [certBody, certSig, body, tag] = gateway.sign(principal, SUBJECT).split('.');
    const cert = JSON.parse(Buffer.from(certBody!, 'base64url').toString());
    cert.p.role = 'admin';
    const forgedCert = [Buffer.from(JSON.stringify(cert)).toString('base64url'), certSig, body, tag].join('.');
    expect(() => verifier().verify(forgedCert, SUBJECT, ['gateway'])).toThrow(/signature/);
    const binding = JSON.parse(Buffer.from(body!, 'base64url').toString());
    binding.exp += 3_600_000;
    const forgedBinding = [certBody, certSig, Buffer.from(JSON.stringify(binding)).toString('base64url'), tag].join('.');
    expect(() => verifier().verify(forgedBinding, SUBJECT, ['gateway'])).toThrow(/signature/);
  });

  it('signs a principal once per service and minute, and binds each request on its own', () => {
    const a = gateway.sign(principal, SUBJECT, 'req-a').split('.');
    const b = gateway.sign(principal, 'identity.me.get.v1', 'req-b').split('.');
    const c = gateway.sign(principal, 'roster.health.check.v1', 'req-c').split('.');
    expect(b.slice(0, 2)).toEqual(a.slice(0, 2));
    expect(b.slice(2)).not.toEqual(a.slice(2));
    expect(c.slice(0, 2)).not.toEqual(a.slice(0, 2));
    // A token for identity never passes on roster's subject, even with the subject rewritten.
    const v = verifier();
    const toRoster = [...a.slice(0, 2), ...c.slice(2)].join('.');
    expect(() => v.verify(toRoster, 'roster.health.check.v1', ['gateway'])).toThrow(/signature|another subject/);
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
