import { AppError, type Terms, type WorkStatus } from '#libs/contracts';

export type SubmissionStatus = 'pending_review' | 'approved' | 'changes_requested';
export type ReviewDecision = 'approve' | 'request_changes';

export interface SubmissionFacts {
  deliverable: string;
  round: number;
  status: SubmissionStatus;
  submittedAt: Date;
}

type ContractTerms = Pick<Terms, 'deliverables' | 'revisionRounds' | 'reviewWindowDays'>;

const DAY_MS = 86_400_000;

function latestOf(history: readonly SubmissionFacts[], deliverable: string): SubmissionFacts | undefined {
  return history.filter((s) => s.deliverable === deliverable).reduce<SubmissionFacts | undefined>((a, s) => (!a || s.round > a.round ? s : a), undefined);
}

/**
 * The round a new draft for `deliverable` opens. A draft is refused for a deliverable the
 * contract does not name (422), while an earlier draft still waits for review, and once the
 * deliverable is approved (409).
 */
export function nextRound(terms: ContractTerms, history: readonly SubmissionFacts[], deliverable: string): number {
  if (!terms.deliverables.some((d) => d.type === deliverable)) {
    throw new AppError('unprocessable', 'Not a contract deliverable', `the contract names ${terms.deliverables.map((d) => d.type).join(', ')}, not ${deliverable}`, [
      { path: 'deliverable', message: `One of ${terms.deliverables.map((d) => d.type).join(', ')}` },
    ]);
  }
  const latest = latestOf(history, deliverable);
  if (latest?.status === 'pending_review') throw new AppError('conflict', 'Draft awaiting review', `round ${latest.round} of ${deliverable} is still waiting for review`);
  if (latest?.status === 'approved') throw new AppError('conflict', 'Deliverable approved', `${deliverable} is already approved`);
  return (latest?.round ?? 0) + 1;
}

/**
 * A review of the latest draft of a deliverable. Each request for changes uses one of the
 * contract's revision rounds; past the limit the brand can only approve (422 naming it).
 */
export function reviewOutcome(terms: ContractTerms, history: readonly SubmissionFacts[], submission: SubmissionFacts, decision: ReviewDecision): SubmissionStatus {
  const latest = latestOf(history, submission.deliverable);
  if (submission.status !== 'pending_review' || latest?.round !== submission.round) {
    throw new AppError('conflict', 'Draft already reviewed', `round ${submission.round} of ${submission.deliverable} is ${submission.status === 'pending_review' ? 'superseded' : submission.status.replace('_', ' ')}`);
  }
  if (decision === 'approve') return 'approved';
  const used = history.filter((s) => s.deliverable === submission.deliverable && s.status === 'changes_requested').length;
  if (used >= terms.revisionRounds) {
    throw new AppError('unprocessable', 'Revision rounds used up', `the contract allows ${terms.revisionRounds} revision round(s) per deliverable and ${used} were used; approve this draft`, [
      { path: 'decision', message: `Revision round limit is ${terms.revisionRounds}` },
    ]);
  }
  return 'changes_requested';
}

/** When an unreviewed draft is deemed approved: its review window after submission. */
export function reviewDueAt(submittedAt: Date, terms: Pick<Terms, 'reviewWindowDays'>): Date {
  return new Date(submittedAt.getTime() + terms.reviewWindowDays * DAY_MS);
}

export function isDeemedApproved(submission: SubmissionFacts, terms: Pick<Terms, 'reviewWindowDays'>, now: Date): boolean {
  return submission.status === 'pending_review' && now.getTime() >= reviewDueAt(submission.submittedAt, terms).getTime();
}

/**
 * The work status campaigns shows, from the latest draft of each deliverable: changes asked
 * on any → revisions_requested; else a draft waiting → content_submitted; every deliverable
 * approved → approved; otherwise active.
 */
export function workStatusOf(terms: ContractTerms, history: readonly SubmissionFacts[]): Exclude<WorkStatus, 'completed'> {
  const latest = terms.deliverables.map((d) => latestOf(history, d.type));
  if (latest.some((s) => s?.status === 'changes_requested')) return 'revisions_requested';
  if (latest.some((s) => s?.status === 'pending_review')) return 'content_submitted';
  if (latest.every((s) => s?.status === 'approved')) return 'approved';
  return 'active';
}

/**
 * Naming the posted video of an approved draft after the fact: the draft must be approved (a
 * draft under review takes its video with a new submission) and name no video yet (409 both).
 * It is not a new round, so it uses none of the contract's revision rounds.
 */
export function assertVideoLinkable(submission: Pick<SubmissionFacts, 'status' | 'round' | 'deliverable'> & { videoId: string | null }): void {
  if (submission.status !== 'approved') {
    throw new AppError('conflict', 'Draft not approved', `round ${submission.round} of ${submission.deliverable} is ${submission.status.replace('_', ' ')}: name its video in a new draft`);
  }
  if (submission.videoId) throw new AppError('conflict', 'Video already named', `round ${submission.round} of ${submission.deliverable} already names video ${submission.videoId}`);
}
