import { AppError } from '../problem.js';

/**
 * Whether a video named on a deliverable may count for the offer: metrics must know it as the
 * offer's creator's video, posted at or after the offer's acceptance (a video posted before the
 * contract existed was not made for it). The one place this rule lives: negotiation applies it
 * when a brand approves a draft, metrics when it counts an offer's videos.
 */
export const VIDEO_VERIFICATIONS = ['verified', 'unverified', 'posted_before_acceptance', 'other_creator'] as const;
export type VideoVerification = (typeof VIDEO_VERIFICATIONS)[number];

/** What metrics knows of a video id: every creator it was observed for, with its posting time. */
export interface KnownVideo {
  creatorId: string;
  postedAt: Date;
}

export interface DeliverableFacts {
  creatorId: string;
  /** Null before the offer is accepted: nothing can be verified against it yet. */
  acceptedAt: Date | null;
}

/**
 * `unverified` while metrics has not seen the video (it counts once it does, if the dates
 * agree); `other_creator` when it knows the id only under other creators.
 */
export function verifyDeliverableVideo(offer: DeliverableFacts, known: readonly KnownVideo[]): { verification: VideoVerification; postedAt: Date | null } {
  const own = known.find((v) => v.creatorId === offer.creatorId);
  if (!own) return { verification: known.length ? 'other_creator' : 'unverified', postedAt: null };
  if (!offer.acceptedAt) return { verification: 'unverified', postedAt: own.postedAt };
  return { verification: own.postedAt.getTime() >= offer.acceptedAt.getTime() ? 'verified' : 'posted_before_acceptance', postedAt: own.postedAt };
}

/**
 * The approval check: a video known to be another creator's, or posted before the offer was
 * accepted, cannot be approved as this deliverable (422 naming the dates); an unknown one can,
 * and counts once metrics sees it.
 */
export function assertApprovableVideo(videoId: string, offer: DeliverableFacts, known: readonly KnownVideo[]): void {
  const { verification, postedAt } = verifyDeliverableVideo(offer, known);
  if (verification === 'posted_before_acceptance') {
    throw new AppError(
      'unprocessable',
      'Video posted before acceptance',
      `video ${videoId} was posted on ${postedAt!.toISOString().slice(0, 10)}, before the offer was accepted on ${offer.acceptedAt!.toISOString().slice(0, 10)}; only a video posted at or after acceptance can be the deliverable`,
      [{ path: 'videoId', message: `Posted ${postedAt!.toISOString()}, accepted ${offer.acceptedAt!.toISOString()}` }],
    );
  }
  if (verification === 'other_creator') {
    throw new AppError('unprocessable', "Another creator's video", `video ${videoId} is known as another creator's video, not this offer's creator's`, [
      { path: 'videoId', message: "Another creator's video" },
    ]);
  }
}
