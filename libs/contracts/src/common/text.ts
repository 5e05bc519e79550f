import { z } from 'zod';

/** Free text a person types (names, titles): trimmed, not empty, no control characters. */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'Must not contain control characters');
