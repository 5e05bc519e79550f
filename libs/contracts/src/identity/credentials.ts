import { z } from 'zod';

/**
 * The rules for what a person types as credentials, owned here so every caller (the gateway's
 * HTTP validation, identity's own checks) applies the same ones.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
export const PASSWORD_RULE = `Use ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`;

/** A password being set: at least 10 characters as a person counts them (code points), at most 256 UTF-16 units. */
export const newPasswordSchema = z
  .string()
  // Never stricter than the code-point rule below; it lets the documented schema say the minimum.
  .min(PASSWORD_MIN_LENGTH, PASSWORD_RULE)
  .max(PASSWORD_MAX_LENGTH, PASSWORD_RULE)
  .refine((p) => [...p].length >= PASSWORD_MIN_LENGTH, PASSWORD_RULE)
  .meta({ format: 'password' });

const HANDLE = /^[a-z0-9](?:[a-z0-9._]{0,28}[a-z0-9_])?$/;
export const HANDLE_RULE = 'Use 1-30 characters: letters, digits, "." and "_", not starting or ending with "."';

/**
 * A creator's handle as typed → its one stored form. TikTok-like: 1–30 of `a-z 0-9 . _`, not
 * starting or ending with a dot; a leading `@`, surrounding spaces and case are ignored, so
 * `@Ada.Creates` is `ada.creates`.
 */
export const handleSchema = z
  .string()
  .transform((raw) => raw.trim().replace(/^@/, '').toLowerCase())
  .pipe(z.string().regex(HANDLE, HANDLE_RULE))
  // Stricter than the shared name rule (text.ts): a handle is a-z 0-9 . _ only.
  .meta({ 'x-text': 'handle' });
