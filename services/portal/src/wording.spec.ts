import { describe, expect, it } from '@jest/globals';
import { API_KEY_SCOPES, AUDIT_ACTIONS, EMAIL_MODES, FOLLOWER_BANDS, NOTIFICATION_KINDS, PAYMENT_STATUSES, SCOPES, SETTLEMENT_STAGES } from '#libs/contracts';
import type { AuditEntry } from './api/types';
import { API_KEY_SCOPE_TEXT, AUDIT_ACTION_TEXT, auditSentence, deviceText, EMAIL_MODE_TEXT, FOLLOWER_BAND_TEXT, NOTIFICATION_KIND_TEXT, PAYMENT_STATUS_TEXT, personText, SCOPE_TEXT, scopesText, SETTLEMENT_STAGE_TEXT } from './wording';

const MIA = '6f1c2b0e-3d4a-4b5c-8d9e-0a1b2c3d4e5f';
const SAM = '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';
const OWNER = '8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a';
const AGENCY = { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Northstar Talent', kind: 'agency' as const };

function entry(action: string, actor: AuditEntry['actor'], more: Partial<AuditEntry> = {}): AuditEntry {
  return { id: '5d6e7f80-91a2-4b3c-8d4e-5f60718293a4', at: '2026-11-23T10:00:00.000Z', action, actor, orgId: AGENCY.id, organization: AGENCY, onBehalfOf: MIA, creator: { id: MIA, name: 'Mia Moreno' }, grantId: null, target: { type: 'grant', id: MIA }, traceId: null, details: {}, ...more };
}
const mia = { userId: MIA, name: 'Mia Moreno', organization: null, orgId: null };
const sam = { userId: SAM, name: 'Sam Okafor', organization: AGENCY, orgId: AGENCY.id };

describe('the wording of codes', () => {
  it('has words for every scope, audit action, notification kind and e-mail mode the contracts define, and for nothing else', () => {
    expect(Object.keys(SCOPE_TEXT).sort()).toEqual([...SCOPES].sort());
    expect(Object.keys(API_KEY_SCOPE_TEXT).sort()).toEqual([...API_KEY_SCOPES].sort());
    expect(Object.keys(AUDIT_ACTION_TEXT).sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(Object.keys(FOLLOWER_BAND_TEXT).sort()).toEqual([...FOLLOWER_BANDS].sort());
    expect(Object.keys(NOTIFICATION_KIND_TEXT).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    expect(Object.keys(EMAIL_MODE_TEXT).sort()).toEqual([...EMAIL_MODES].sort());
    expect(Object.keys(PAYMENT_STATUS_TEXT).sort()).toEqual([...PAYMENT_STATUSES].sort());
    expect(Object.keys(SETTLEMENT_STAGE_TEXT).sort()).toEqual([...SETTLEMENT_STAGES].sort());
    // Words, never the code itself.
    for (const text of [...Object.values(SCOPE_TEXT), ...Object.values(API_KEY_SCOPE_TEXT), ...Object.values(NOTIFICATION_KIND_TEXT), ...Object.values(EMAIL_MODE_TEXT), ...Object.values(PAYMENT_STATUS_TEXT), ...Object.values(SETTLEMENT_STAGE_TEXT), ...Object.values(AUDIT_ACTION_TEXT).flatMap((t) => [t.did, t.auto ?? ''])]) expect(text).not.toMatch(/[:.][a-z]/);
  });

  it('lists scopes as one sentence', () => {
    expect(scopesText(['campaigns:read', 'offers:negotiate'])).toBe('See campaigns and offers; negotiate offers');
    expect(scopesText([])).toBe('Nothing');
  });

  it("says what the creator did in the agency owner's log by name", () => {
    const owner = { userId: OWNER, orgId: AGENCY.id };
    expect(auditSentence(entry('grant.revoked', mia), owner)).toBe('Mia Moreno revoked access');
    expect(auditSentence(entry('grant.approved', mia), owner)).toBe('Mia Moreno approved access');
    expect(auditSentence(entry('rates.updated', sam, { target: { type: 'rate-card', id: MIA } }), owner)).toBe('Sam Okafor changed the rate card for Mia Moreno');
    expect(auditSentence(entry('grant.requested', { ...sam, userId: OWNER, name: 'Olivia Owner' }), owner)).toBe('You asked Mia Moreno for access');
  });

  it("says it to the creator in the second person, naming the agency's people with their agency", () => {
    const creator = { userId: MIA, orgId: null };
    expect(auditSentence(entry('grant.approved', mia), creator)).toBe('You approved access for Northstar Talent');
    expect(auditSentence(entry('rates.updated', sam), creator)).toBe('Sam Okafor (Northstar Talent) changed the rate card');
    expect(auditSentence(entry('grant.requested', sam), creator)).toBe('Sam Okafor (Northstar Talent) asked you for access');
    expect(auditSentence(entry('offer.expired', { userId: null, name: null, organization: null, orgId: null }), creator)).toBe('An offer expired without an answer');
  });

  it('still says where someone is from when identity could not name them', () => {
    const reader = { userId: MIA, orgId: null };
    expect(personText({ userId: SAM, name: null, organization: AGENCY }, reader)).toBe('Someone at Northstar Talent');
    expect(personText({ userId: SAM, name: null, organization: null }, reader)).toBe('Someone');
    expect(personText({ userId: MIA, name: 'Mia Moreno', organization: null }, reader, { start: false })).toBe('you');
    expect(personText({ userId: SAM, name: 'Sam Okafor', organization: AGENCY }, reader, { start: false })).toBe('Sam Okafor (Northstar Talent)');
    expect(auditSentence(entry('custom.thing', sam), reader)).toBe('Sam Okafor (Northstar Talent) recorded an action');
  });

  it('names device families as people write them, and a family it does not know capitalised', () => {
    expect(['ios', 'android', 'iOS', 'web'].map(deviceText)).toEqual(['iOS', 'Android', 'iOS', 'Web']);
    expect(deviceText('smart-tv')).toBe('Smart-tv');
  });
});
