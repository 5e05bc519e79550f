import { Webhook } from 'standardwebhooks';
import { makeSecret, rotate, signingSecrets } from './webhook-secret.rules.js';
import { signedHeaders } from './delivery-signature.js';

const t0 = new Date('2026-12-01T00:00:00Z');
const HOUR = 3_600_000;
const bytes = (fill: number) => () => new Uint8Array(32).fill(fill);

describe('webhook secrets and signatures', () => {
  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = makeSecret(bytes(7));
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toEqual(Buffer.alloc(32, 7));
  });

  it('signs so the standardwebhooks verifier accepts the delivery, and refuses a changed body', () => {
    const secret = makeSecret(bytes(1));
    const now = new Date();
    const body = JSON.stringify({ type: 'ping', timestamp: now.toISOString(), data: {} });
    const headers = signedHeaders('msg_1', now, body, [secret]);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('ping', 'pong'), { ...headers })).toThrow('No matching signature');
    expect(() => new Webhook(makeSecret(bytes(2))).verify(body, { ...headers })).toThrow('No matching signature');
  });

  it('keeps the old secret signing for 24 h after a rotation, then only the new one', () => {
    const old = makeSecret(bytes(1));
    const fresh = makeSecret(bytes(2));
    const rotated = rotate({ secret: old, previousSecret: null, previousSecretUntil: null }, fresh, t0);
    expect(signingSecrets(rotated, new Date(t0.getTime() + 23 * HOUR))).toEqual([fresh, old]);
    expect(signingSecrets(rotated, new Date(t0.getTime() + 24 * HOUR))).toEqual([fresh]);

    const now = new Date();
    const body = '{"type":"ping"}';
    const during = signedHeaders('msg_2', now, body, [fresh, old]);
    expect(during['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(old).verify(body, { ...during })).not.toThrow();
    expect(() => new Webhook(fresh).verify(body, { ...during })).not.toThrow();
    const after = signedHeaders('msg_3', now, body, [fresh]);
    expect(() => new Webhook(old).verify(body, { ...after })).toThrow('No matching signature');
  });

  it('rotating twice ends the oldest secret at once', () => {
    const [a, b, c] = [1, 2, 3].map((n) => makeSecret(bytes(n)));
    const once = rotate({ secret: a!, previousSecret: null, previousSecretUntil: null }, b!, t0);
    expect(signingSecrets(rotate(once, c!, t0), t0)).toEqual([c, b]);
  });
});
