import { z } from 'zod';

/**
 * A creator as a view names them beside an offer or a deal: the handle and display name as the
 * owning service last heard them (null for records kept before the names were).
 */
export const creatorRefSchema = z.object({ id: z.uuid(), handle: z.string().nullable(), displayName: z.string().nullable() });
export type CreatorRef = z.infer<typeof creatorRefSchema>;
