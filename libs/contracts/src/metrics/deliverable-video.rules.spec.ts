import { AppError } from '../problem.js';
import { assertApprovableVideo, verifyDeliverableVideo } from './deliverable-video.rules.js';

const creatorId = '11111111-1111-4111-8111-111111111111';
const otherCreator = '22222222-2222-4222-8222-222222222222';
const acceptedAt = new Date('2026-12-01T10:00:00.000Z');

describe('verifyDeliverableVideo', () => {
  it('verifies the creator’s video posted at or after acceptance', () => {
    expect(verifyDeliverableVideo({ creatorId, acceptedAt }, [{ creatorId, postedAt: acceptedAt }]).verification).toBe('verified');
    expect(verifyDeliverableVideo({ creatorId, acceptedAt }, [{ creatorId, postedAt: new Date('2026-12-03T00:00:00Z') }]).verification).toBe('verified');
  });

  it('refuses a video posted before acceptance, even by a millisecond', () => {
    const r = verifyDeliverableVideo({ creatorId, acceptedAt }, [{ creatorId, postedAt: new Date(acceptedAt.getTime() - 1) }]);
    expect(r).toEqual({ verification: 'posted_before_acceptance', postedAt: new Date(acceptedAt.getTime() - 1) });
  });

  it('leaves an unseen video unverified and names another creator’s', () => {
    expect(verifyDeliverableVideo({ creatorId, acceptedAt }, []).verification).toBe('unverified');
    expect(verifyDeliverableVideo({ creatorId, acceptedAt }, [{ creatorId: otherCreator, postedAt: acceptedAt }]).verification).toBe('other_creator');
    // The same id under both creators: the offer's creator's own video decides.
    expect(verifyDeliverableVideo({ creatorId, acceptedAt }, [{ creatorId: otherCreator, postedAt: acceptedAt }, { creatorId, postedAt: acceptedAt }]).verification).toBe('verified');
  });

  it('verifies nothing before acceptance', () => {
    expect(verifyDeliverableVideo({ creatorId, acceptedAt: null }, [{ creatorId, postedAt: acceptedAt }]).verification).toBe('unverified');
  });
});

describe('assertApprovableVideo', () => {
  it('names both dates when the video predates acceptance', () => {
    const posted = new Date('2026-09-09T12:00:00.000Z');
    const err = (() => {
      try {
        assertApprovableVideo('v1', { creatorId, acceptedAt }, [{ creatorId, postedAt: posted }]);
      } catch (e) {
        return e as AppError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err!.status).toBe(422);
    expect(err!.detail).toContain('2026-09-09');
    expect(err!.detail).toContain('2026-12-01');
  });

  it('refuses another creator’s video and lets an unknown or verified one through', () => {
    expect(() => assertApprovableVideo('v1', { creatorId, acceptedAt }, [{ creatorId: otherCreator, postedAt: acceptedAt }])).toThrow(/another creator/);
    expect(() => assertApprovableVideo('v1', { creatorId, acceptedAt }, [])).not.toThrow();
    expect(() => assertApprovableVideo('v1', { creatorId, acceptedAt }, [{ creatorId, postedAt: acceptedAt }])).not.toThrow();
  });
});
