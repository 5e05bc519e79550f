import { RevokedSessions } from './revoked-sessions.js';

describe('RevokedSessions', () => {
  it('refuses a revoked session and nothing else', () => {
    const sessions = new RevokedSessions(60_000, () => 1_000);
    sessions.revoke(['s1', 's2'], 1_000);
    expect(sessions.isRevoked('s1')).toBe(true);
    expect(sessions.isRevoked('s2')).toBe(true);
    expect(sessions.isRevoked('s3')).toBe(false);
  });

  it('forgets a session once no token of it can still be alive', () => {
    const clock = { now: 1_000 };
    const sessions = new RevokedSessions(60_000, () => clock.now);
    sessions.revoke(['s1'], 1_000);
    clock.now = 60_999;
    expect(sessions.isRevoked('s1')).toBe(true);
    clock.now = 61_000;
    expect(sessions.isRevoked('s1')).toBe(false);
    sessions.revoke(['s2'], clock.now);
    expect(sessions.size).toBe(1);
  });

  it('keeps the later of two revocations of one session (a replayed event changes nothing)', () => {
    const clock = { now: 0 };
    const sessions = new RevokedSessions(10, () => clock.now);
    sessions.revoke(['s1'], 100);
    sessions.revoke(['s1'], 0);
    clock.now = 105;
    expect(sessions.isRevoked('s1')).toBe(true);
  });
});
