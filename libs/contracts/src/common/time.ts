import { z } from 'zod';

/** An instant as ISO-8601 text with its offset; services write UTC (`…Z`). */
export const isoTime = z.iso.datetime({ offset: true });
