import { z } from 'zod';

/**
 * What a creator sells, as rate cards, offers and negotiation policies name it. A rate card
 * prices one unit of each: `video_series` is one price for a series (its size is in the offer's
 * deliverables), `usage_rights_30d` is the add-on for each 30 days a brand may reuse the content.
 */
export const DELIVERABLE_TYPES = ['video', 'video_series', 'live', 'story', 'usage_rights_30d'] as const;
export const deliverableTypeSchema = z.enum(DELIVERABLE_TYPES);
export type DeliverableType = z.infer<typeof deliverableTypeSchema>;
