import { z } from 'zod';

/*
 * Region and language codes checked against the runtime's CLDR data (Node ships full ICU):
 * the standards' own lists, not a hand-kept copy.
 */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** CLDR names these too, but they are groupings or placeholders, not ISO 3166-1 countries. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB']);

/** An ISO 3166-1 alpha-2 country or territory code, in capitals (`US`, `BR`). */
export const regionCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals, e.g. US')
  .refine((code) => /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && regionNames.of(code) !== undefined, 'not an ISO 3166-1 country code');

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * The canonical form of a BCP 47 tag (`en-us` → `en-US`), or null when it is not well formed or
 * its language is not a known one (`english` is well formed but names no language).
 */
export function canonicalLanguageTag(tag: string): string | null {
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(tag);
  } catch {
    return null;
  }
  if (!canonical) return null;
  const language = new Intl.Locale(canonical).language;
  return languageNames.of(language) === undefined ? null : canonical;
}

/** A BCP 47 language tag (`en`, `pt-BR`, `zh-Hant`), canonicalized. */
export const languageTagSchema = z
  .string()
  .min(2)
  .max(35)
  // The shape of a tag (letters, digits, hyphens); Intl decides whether it is a real one.
  .regex(/^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/, 'not a BCP 47 language tag')
  .refine((tag) => canonicalLanguageTag(tag) !== null, 'not a BCP 47 language tag')
  .transform((tag) => canonicalLanguageTag(tag)!);
