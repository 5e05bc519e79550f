import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from '#libs/contracts';
import { buildEnvelope, decodeEvent, untrustedOrigin, InvalidEventError } from './envelope.js';

const contract = defineEvent({
  subject: 'identity.evt.widget.created.v1',
  description: 'test',
  payload: z.object({ widgetId: z.uuid(), name: z.string().min(1), tags: z.array(z.string()).default([]) }),
});
const widgetId = '5b0c1b7e-8f3e-4c2a-9d8b-2f8f6a3c1e01';
const id = '0c6a5d1e-7b7f-4a52-8a40-6d5f0c7b9a11';
const now = new Date('2026-03-01T10:00:00.000Z');

describe('buildEnvelope', () => {
  it('fills the envelope from the contract and the producer input', () => {
    const envelope = buildEnvelope(
      contract,
      { aggregateId: widgetId, aggregateVersion: 3, payload: { widgetId, name: 'a' }, correlationId: 'req-1' },
      now,
      id,
    );
    expect(envelope).toEqual({
      id,
      type: 'widget.created',
      version: 1,
      occurredAt: '2026-03-01T10:00:00.000Z',
      producer: 'identity',
      aggregateId: widgetId,
      aggregateVersion: 3,
      correlationId: 'req-1',
      causationId: null,
      payload: { widgetId, name: 'a', tags: [] },
    });
    expect(eventEnvelopeSchema.safeParse(envelope).success).toBe(true);
  });

  it('generates a fresh uuid and the current time by default', () => {
    const input = { aggregateId: widgetId, aggregateVersion: 0, payload: { widgetId, name: 'a' } };
    const a = buildEnvelope(contract, input);
    const b = buildEnvelope(contract, input);
    expect(a.id).not.toBe(b.id);
    expect(z.uuid().safeParse(a.id).success).toBe(true);
    expect(Math.abs(Date.parse(a.occurredAt) - Date.now())).toBeLessThan(5000);
  });

  it('stores the parsed payload, without fields the contract does not know', () => {
    const envelope = buildEnvelope(contract, {
      aggregateId: widgetId,
      aggregateVersion: 0,
      payload: { widgetId, name: 'a', secret: 'x' } as never,
    });
    expect(envelope.payload).toEqual({ widgetId, name: 'a', tags: [] });
  });

  it('refuses a payload that breaks the contract, naming the field', () => {
    const build = () =>
      buildEnvelope(contract, { aggregateId: widgetId, aggregateVersion: 0, payload: { widgetId: 'nope', name: '' } });
    expect(build).toThrow(InvalidEventError);
    expect(build).toThrow(/payload\.widgetId/);
    expect(build).toThrow(/payload\.name/);
  });

  it('refuses a negative aggregate version', () => {
    expect(() => buildEnvelope(contract, { aggregateId: widgetId, aggregateVersion: -1, payload: { widgetId, name: 'a' } })).toThrow(
      /aggregateVersion/,
    );
  });
});

describe('decodeEvent', () => {
  const valid = buildEnvelope(contract, { aggregateId: widgetId, aggregateVersion: 1, payload: { widgetId, name: 'a' } }, now, id);
  const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

  it('round-trips an envelope built for the same contract', () => {
    expect(decodeEvent(contract, encode(valid))).toEqual({ ok: true, envelope: valid });
  });

  it('ignores unknown fields in the envelope and in the payload (additive changes)', () => {
    const decoded = decodeEvent(contract, encode({ ...valid, extra: 1, payload: { ...valid.payload, newField: 'x' } }));
    expect(decoded).toEqual({ ok: true, envelope: valid });
  });

  it('explains a body that is not JSON', () => {
    const decoded = decodeEvent(contract, '{not json');
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.reason).toMatch(/not JSON/);
  });

  it('explains a broken envelope', () => {
    const decoded = decodeEvent(contract, encode({ ...valid, id: 'x' }));
    expect(!decoded.ok && decoded.reason).toMatch(/invalid envelope: id/);
  });

  it('explains a payload that breaks the contract', () => {
    const decoded = decodeEvent(contract, encode({ ...valid, payload: { widgetId } }));
    expect(!decoded.ok && decoded.reason).toMatch(/invalid payload: payload\.name/);
  });

  it('rejects an envelope whose type or version does not match the subject contract', () => {
    expect(decodeEvent(contract, encode({ ...valid, version: 2 })).ok).toBe(false);
    expect(decodeEvent(contract, encode({ ...valid, type: 'widget.deleted' })).ok).toBe(false);
  });

  it('refuses an event that did not come from its owner (another stream, another producer)', () => {
    expect(decodeEvent(contract, encode(valid), 'IDENTITY').ok).toBe(true);
    expect(decodeEvent(contract, encode(valid), 'ROSTER')).toEqual({ ok: false, reason: expect.stringMatching(/stream ROSTER, not its owner's IDENTITY/) });
    expect(decodeEvent(contract, encode({ ...valid, producer: 'roster' }))).toEqual({ ok: false, reason: expect.stringMatching(/producer roster/) });
  });

  it('trusts an event by where it was read from, never by its payload', () => {
    const hdrs = (entries: Record<string, string>) => ({ get: (k: string) => entries[k] ?? '' });
    const origin = { stream: 'IDENTITY', subject: contract.subject };
    expect(untrustedOrigin(contract, origin)).toBeUndefined();
    // A stream the producer does not own, even carrying a perfect envelope naming the producer.
    expect(untrustedOrigin(contract, { ...origin, stream: 'FORGED' })).toMatch(/stream FORGED, not its owner's IDENTITY/);
    expect(untrustedOrigin(contract, { ...origin, subject: 'identity.evt.other.v1' })).toMatch(/is not/);
    // Copied into the owner's stream by `sources`, or republished there by another stream.
    expect(untrustedOrigin(contract, { ...origin, headers: hdrs({ 'Nats-Stream-Source': 'FORGED 7' }) })).toMatch(/from stream FORGED/);
    expect(untrustedOrigin(contract, { ...origin, headers: hdrs({ 'Nats-Stream': 'FORGED', 'Nats-Subject': 'forged.grant' }) })).toMatch(/republished into IDENTITY by stream FORGED/);
    expect(decodeEvent(contract, encode(valid), { ...origin, headers: hdrs({ 'Nats-Stream': 'FORGED' }) }).ok).toBe(false);
  });
});
