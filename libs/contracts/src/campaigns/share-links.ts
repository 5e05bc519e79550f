import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { isoTime } from '../common/time.js';

/**
 * Share links: a brand member hands out a read-only, expiring, revocable view of a campaign's
 * results that needs no login. The token is the credential: random (256 bits), shown once
 * in the creating answer, kept only as its SHA-256.
 */
export const SHARE_LINK_STATUSES = ['active', 'expired', 'revoked'] as const;

/** The longest a link may live; a brand shares again rather than handing out a link forever. */
export const MAX_SHARE_LINK_DAYS = 90;

export const shareLinkSchema = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  status: z.enum(SHARE_LINK_STATUSES),
  expiresAt: isoTime,
  createdBy: z.uuid(),
  createdAt: isoTime,
  revokedAt: isoTime.nullable(),
  revokedBy: z.uuid().nullable(),
});
export type ShareLink = z.infer<typeof shareLinkSchema>;

/** The creating answer: the link with its token, never stored or shown again. */
export const createdShareLinkSchema = shareLinkSchema.extend({ token: z.string() });

/** What a token looks like (43 base64url characters): anything else is refused before a lookup. */
export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a share-link token');

const linkEventPayload = z.object({ linkId: z.uuid(), campaignId: z.uuid(), brandId: z.uuid(), expiresAt: isoTime, by: z.uuid(), occurredAt: isoTime });

/** Published from campaigns' outbox with each link's creation and revocation: the record of who shared what, and until when. */
export const campaignsShareLinkEvents = {
  created: defineEvent({
    subject: 'campaigns.evt.share-link.created.v1',
    description: "A brand member created a read-only link to a campaign's results, valid until `expiresAt`.",
    payload: linkEventPayload,
  }),
  revoked: defineEvent({
    subject: 'campaigns.evt.share-link.revoked.v1',
    description: 'A brand member revoked a share link: it answers 404 from now on.',
    payload: linkEventPayload,
  }),
} as const;
