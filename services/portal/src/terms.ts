import type { Terms } from './api/types';
import { parseMoneyInput, toMajorInput } from './format';

/** What the counter-offer form edits: text as typed, so a half-typed number stays on screen. */
export interface TermsForm {
  price: string;
  upfrontPercent: string;
  netDays: string;
  usageRightsDays: string;
  exclusivityDays: string;
  revisionRounds: string;
  comment: string;
}

export function formFromTerms(terms: Terms): TermsForm {
  return {
    price: toMajorInput(terms.price.amount, terms.price.currency),
    upfrontPercent: String(terms.paymentTerms.upfrontPercent),
    netDays: String(terms.paymentTerms.netDays),
    usageRightsDays: String(terms.usageRightsDays),
    exclusivityDays: String(terms.exclusivityDays),
    revisionRounds: String(terms.revisionRounds),
    comment: '',
  };
}

/** Field names of the form, as the gateway names them in problem+json `errors[].path`. */
export const TERMS_FIELD_PATHS: Record<keyof TermsForm, string> = {
  price: 'terms.price.amount',
  upfrontPercent: 'terms.paymentTerms.upfrontPercent',
  netDays: 'terms.paymentTerms.netDays',
  usageRightsDays: 'terms.usageRightsDays',
  exclusivityDays: 'terms.exclusivityDays',
  revisionRounds: 'terms.revisionRounds',
  comment: 'comment',
};

export type TermsErrors = Partial<Record<keyof TermsForm, string>>;

/** Maps server field errors (dotted paths) onto the form's fields; unknown paths stay general. */
export function termsErrorsFromServer(errors: Record<string, string>): { fields: TermsErrors; other: string[] } {
  const fields: TermsErrors = {};
  const other: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const field = (Object.keys(TERMS_FIELD_PATHS) as (keyof TermsForm)[]).find((f) => path === TERMS_FIELD_PATHS[f] || path.startsWith(`${TERMS_FIELD_PATHS[f]}.`) || (f === 'price' && path === 'terms.price'));
    if (field) fields[field] = message;
    else other.push(`${path}: ${message}`);
  }
  return { fields, other };
}

const wholeNumber = (text: string, min: number, max: number): number | string => {
  if (!/^\d+$/.test(text.trim())) return 'Enter a whole number';
  const n = Number(text);
  if (n < min || n > max) return `Between ${min} and ${max}`;
  return n;
};

/**
 * The proposal the form describes, built on the version it was opened from (deliverables and
 * the rest carry over), or the fields a person has to fix before it can be sent.
 */
export function termsFromForm(form: TermsForm, base: Terms): { terms: Terms; errors?: undefined } | { terms?: undefined; errors: TermsErrors } {
  const errors: TermsErrors = {};
  const amount = parseMoneyInput(form.price, base.price.currency);
  if (amount === null) errors.price = 'Enter an amount such as 1250.00';
  else if (amount <= 0) errors.price = 'The price must be more than zero';
  const checks = {
    upfrontPercent: wholeNumber(form.upfrontPercent, 0, 100),
    netDays: wholeNumber(form.netDays, 0, 365),
    usageRightsDays: wholeNumber(form.usageRightsDays, 0, 3650),
    exclusivityDays: wholeNumber(form.exclusivityDays, 0, 3650),
    revisionRounds: wholeNumber(form.revisionRounds, 0, 10),
  };
  for (const [field, value] of Object.entries(checks)) if (typeof value === 'string') errors[field as keyof TermsForm] = value;
  if (Object.keys(errors).length) return { errors };
  const n = (v: number | string) => v as number;
  return {
    terms: {
      ...base,
      price: { amount: amount!, currency: base.price.currency },
      paymentTerms: { ...base.paymentTerms, upfrontPercent: n(checks.upfrontPercent), netDays: n(checks.netDays) },
      usageRightsDays: n(checks.usageRightsDays),
      exclusivityDays: n(checks.exclusivityDays),
      revisionRounds: n(checks.revisionRounds),
    },
  };
}
