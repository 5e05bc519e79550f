import { z } from 'zod';
import { deliverableTypeSchema } from '../common/deliverables.js';
import { moneySchema } from '../common/money.js';

/** Shapes shared by roster's subjects, its events, the gateway's routes and their tests. */

export const rateItemSchema = z.object({
  deliverable: deliverableTypeSchema,
  price: moneySchema,
});
export type RateItem = z.infer<typeof rateItemSchema>;
