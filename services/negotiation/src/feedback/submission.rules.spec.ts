import { AppError } from '#libs/contracts';
import { assertVideoLinkable, isDeemedApproved, nextRound, reviewDueAt, reviewOutcome, workStatusOf, type SubmissionFacts } from './submission.rules.js';

const terms = {
  deliverables: [
    { type: 'video' as const, quantity: 1, dueAt: '2026-12-20T00:00:00Z' },
    { type: 'story' as const, quantity: 1, dueAt: '2026-12-20T00:00:00Z' },
  ],
  revisionRounds: 1,
  reviewWindowDays: 14,
};
const at = new Date('2026-12-01T00:00:00Z');
const sub = (deliverable: string, round: number, status: SubmissionFacts['status']): SubmissionFacts => ({ deliverable, round, status, submittedAt: at });

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  return 'none';
}

describe('submissions and reviews', () => {
  it('opens round 1, then the next round after changes are requested', () => {
    expect(nextRound(terms, [], 'video')).toBe(1);
    expect(nextRound(terms, [sub('video', 1, 'changes_requested')], 'video')).toBe(2);
  });

  it('refuses a deliverable outside the contract, a second draft while one waits, and an approved deliverable', () => {
    expect(code(() => nextRound(terms, [], 'live'))).toBe('unprocessable');
    expect(code(() => nextRound(terms, [sub('video', 1, 'pending_review')], 'video'))).toBe('conflict');
    expect(code(() => nextRound(terms, [sub('video', 1, 'approved')], 'video'))).toBe('conflict');
  });

  it('each request for changes uses a revision round; past the limit only approval is left', () => {
    const first = sub('video', 1, 'pending_review');
    expect(reviewOutcome(terms, [first], first, 'request_changes')).toBe('changes_requested');
    const second = sub('video', 2, 'pending_review');
    const history = [sub('video', 1, 'changes_requested'), second];
    let err: AppError | undefined;
    try {
      reviewOutcome(terms, history, second, 'request_changes');
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe('unprocessable');
    expect(err?.errors).toEqual([{ path: 'decision', message: 'Revision round limit is 1' }]);
    expect(reviewOutcome(terms, history, second, 'approve')).toBe('approved');
  });

  it('refuses to review a draft twice or one that a later round superseded', () => {
    const done = sub('video', 1, 'approved');
    expect(code(() => reviewOutcome(terms, [done], done, 'approve'))).toBe('conflict');
  });

  it('an unreviewed draft is deemed approved when its review window has passed, not before', () => {
    const waiting = sub('video', 1, 'pending_review');
    const due = reviewDueAt(at, terms);
    expect(due.toISOString()).toBe('2026-12-15T00:00:00.000Z');
    expect(isDeemedApproved(waiting, terms, new Date(due.getTime() - 1))).toBe(false);
    expect(isDeemedApproved(waiting, terms, due)).toBe(true);
    expect(isDeemedApproved(sub('video', 1, 'changes_requested'), terms, due)).toBe(false);
  });

  it('derives the work status from the latest draft of every deliverable', () => {
    expect(workStatusOf(terms, [])).toBe('active');
    expect(workStatusOf(terms, [sub('video', 1, 'pending_review')])).toBe('content_submitted');
    expect(workStatusOf(terms, [sub('video', 1, 'changes_requested'), sub('story', 1, 'pending_review')])).toBe('revisions_requested');
    expect(workStatusOf(terms, [sub('video', 1, 'changes_requested'), sub('video', 2, 'approved')])).toBe('active');
    expect(workStatusOf(terms, [sub('video', 2, 'approved'), sub('story', 1, 'approved')])).toBe('approved');
  });
});

describe('assertVideoLinkable', () => {
  const approved = { status: 'approved' as const, round: 1, deliverable: 'video', videoId: null };
  it('lets an approved draft without a video take one', () => {
    expect(() => assertVideoLinkable(approved)).not.toThrow();
  });
  it('refuses a draft not approved, or one that already names a video, with 409', () => {
    for (const s of [{ ...approved, status: 'pending_review' as const }, { ...approved, status: 'changes_requested' as const }, { ...approved, videoId: 'v1' }]) {
      expect(() => assertVideoLinkable(s)).toThrow(expect.objectContaining({ status: 409 }));
    }
  });
});
