import type { Deliverable, Terms } from './api/types';
import { parseMoneyInput, toMajorInput } from './format';

type Milestone = NonNullable<Terms['paymentTerms']['milestones']>[number];
export type ClockStart = NonNullable<Terms['paymentTerms']['clockStart']>;
export type MilestoneTrigger = Milestone['trigger'];

/** One deliverable line as typed: its due date is a day (`YYYY-MM-DD`, UTC). */
export interface DeliverableRow {
  type: Deliverable;
  quantity: string;
  dueOn: string;
}

/** One milestone payment as typed. */
export interface MilestoneRow {
  name: string;
  amount: string;
  trigger: MilestoneTrigger;
  /** For `deliverable_approved`. */
  deliverable: Deliverable | '';
  /** For `date`. */
  dueOn: string;
}

/** What the terms forms (sending and countering) edit: text as typed, so a half-typed number stays on screen. */
export interface TermsForm {
  price: string;
  upfrontPercent: string;
  netDays: string;
  clockStart: ClockStart;
  usageRightsDays: string;
  exclusivityDays: string;
  exclusivityCategory: string;
  revisionRounds: string;
  deliverables: DeliverableRow[];
  milestones: MilestoneRow[];
  comment: string;
}

const dayOf = (iso: string) => iso.slice(0, 10);

export function formFromTerms(terms: Terms): TermsForm {
  return {
    price: toMajorInput(terms.price.amount, terms.price.currency),
    upfrontPercent: String(terms.paymentTerms.upfrontPercent),
    netDays: String(terms.paymentTerms.netDays),
    clockStart: terms.paymentTerms.clockStart ?? 'contract_signed',
    usageRightsDays: String(terms.usageRightsDays),
    exclusivityDays: String(terms.exclusivityDays),
    exclusivityCategory: terms.exclusivityCategory ?? '',
    revisionRounds: String(terms.revisionRounds),
    deliverables: terms.deliverables.map((d) => ({ type: d.type, quantity: String(d.quantity), dueOn: dayOf(d.dueAt) })),
    milestones: (terms.paymentTerms.milestones ?? []).map((m) => ({
      name: m.name,
      amount: toMajorInput(m.amount.amount, m.amount.currency),
      trigger: m.trigger,
      deliverable: m.deliverable ?? '',
      dueOn: m.dueAt ? dayOf(m.dueAt) : '',
    })),
    comment: '',
  };
}

type SimpleField = Exclude<keyof TermsForm, 'deliverables' | 'milestones' | 'clockStart'>;

/** Field names of the form, as the gateway names them in problem+json `errors[].path`. */
export const TERMS_FIELD_PATHS: Record<SimpleField, string> = {
  price: 'terms.price.amount',
  upfrontPercent: 'terms.paymentTerms.upfrontPercent',
  netDays: 'terms.paymentTerms.netDays',
  usageRightsDays: 'terms.usageRightsDays',
  exclusivityDays: 'terms.exclusivityDays',
  exclusivityCategory: 'terms.exclusivityCategory',
  revisionRounds: 'terms.revisionRounds',
  comment: 'comment',
};

/** Errors by field: the simple fields by name, lines as `deliverables.0.dueOn`, `milestones.1.amount`. */
export type TermsErrors = Partial<Record<string, string>>;

/** Maps server field errors (dotted paths) onto the form's fields; lines keep their index; unknown paths stay general. */
export function termsErrorsFromServer(errors: Record<string, string>): { fields: TermsErrors; other: string[] } {
  const fields: TermsErrors = {};
  const other: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const field = (Object.keys(TERMS_FIELD_PATHS) as SimpleField[]).find((f) => path === TERMS_FIELD_PATHS[f] || path.startsWith(`${TERMS_FIELD_PATHS[f]}.`) || (f === 'price' && path === 'terms.price'));
    const line = /^terms\.(?:paymentTerms\.)?(deliverables|milestones)\.(\d+)\.(\w+)/.exec(path);
    if (field) fields[field] = message;
    else if (line) fields[`${line[1]}.${line[2]}.${line[3] === 'dueAt' ? 'dueOn' : line[3]}`] = message;
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

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (text: string) => DAY.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

/** A day typed in the form, as a time: the end of that day (UTC), unless it is the base's own day, whose time is kept. */
function dueAtOf(dueOn: string, baseDueAt: string | undefined): string {
  return baseDueAt && dayOf(baseDueAt) === dueOn ? baseDueAt : `${dueOn}T23:59:59.000Z`;
}

/**
 * The terms the form describes, built on `base` (what the form does not edit carries over), or
 * the fields a person has to fix before it can be sent.
 */
export function termsFromForm(form: TermsForm, base: Terms): { terms: Terms; errors?: undefined } | { terms?: undefined; errors: TermsErrors } {
  const errors: TermsErrors = {};
  const currency = base.price.currency;
  const amount = parseMoneyInput(form.price, currency);
  if (amount === null) errors.price = 'Enter an amount such as 1250.00';
  else if (amount <= 0) errors.price = 'The price must be more than zero';
  const checks = {
    upfrontPercent: wholeNumber(form.upfrontPercent, 0, 100),
    netDays: wholeNumber(form.netDays, 0, 365),
    usageRightsDays: wholeNumber(form.usageRightsDays, 0, 3650),
    exclusivityDays: wholeNumber(form.exclusivityDays, 0, 3650),
    revisionRounds: wholeNumber(form.revisionRounds, 0, 20),
  };
  for (const [field, value] of Object.entries(checks)) if (typeof value === 'string') errors[field] = value;
  if (form.exclusivityCategory.trim().length > 80) errors.exclusivityCategory = 'At most 80 characters';

  if (!form.deliverables.length) errors.deliverables = 'Name at least one deliverable';
  const seen = new Set<string>();
  const deliverables = form.deliverables.map((d, i) => {
    const quantity = wholeNumber(d.quantity, 1, 100);
    if (typeof quantity === 'string') errors[`deliverables.${i}.quantity`] = quantity;
    if (!validDay(d.dueOn)) errors[`deliverables.${i}.dueOn`] = 'Enter a date';
    if (seen.has(d.type)) errors[`deliverables.${i}.type`] = 'Each deliverable once (use the quantity)';
    seen.add(d.type);
    return { type: d.type, quantity: quantity as number, dueAt: validDay(d.dueOn) ? dueAtOf(d.dueOn, base.deliverables.find((b) => b.type === d.type)?.dueAt) : '' };
  });

  let milestoneTotal = 0;
  const milestones: Milestone[] = form.milestones.map((m, i) => {
    const money = parseMoneyInput(m.amount, currency);
    if (!m.name.trim()) errors[`milestones.${i}.name`] = 'Name the payment';
    if (money === null || money <= 0) errors[`milestones.${i}.amount`] = 'Enter an amount such as 250.00';
    else milestoneTotal += money;
    if (m.trigger === 'deliverable_approved' && !m.deliverable) errors[`milestones.${i}.deliverable`] = 'Choose the deliverable';
    if (m.trigger === 'date' && !validDay(m.dueOn)) errors[`milestones.${i}.dueOn`] = 'Enter a date';
    return {
      name: m.name.trim(),
      amount: { amount: money ?? 0, currency },
      trigger: m.trigger,
      ...(m.trigger === 'deliverable_approved' && m.deliverable ? { deliverable: m.deliverable } : {}),
      ...(m.trigger === 'date' && validDay(m.dueOn) ? { dueAt: `${m.dueOn}T00:00:00.000Z` } : {}),
    };
  });
  if (amount !== null && amount > 0 && milestoneTotal > amount) errors.milestones = 'The milestones add up to more than the price';
  if (Object.keys(errors).length) return { errors };

  const n = (v: number | string) => v as number;
  const category = form.exclusivityCategory.trim();
  const { milestones: _baseMilestones, clockStart: _baseClock, ...basePayment } = base.paymentTerms;
  return {
    terms: {
      ...base,
      price: { amount: amount!, currency },
      paymentTerms: {
        ...basePayment,
        upfrontPercent: n(checks.upfrontPercent),
        netDays: n(checks.netDays),
        ...(form.clockStart !== 'contract_signed' || base.paymentTerms.clockStart ? { clockStart: form.clockStart } : {}),
        ...(milestones.length || base.paymentTerms.milestones ? { milestones } : {}),
      },
      deliverables,
      usageRightsDays: n(checks.usageRightsDays),
      exclusivityDays: n(checks.exclusivityDays),
      ...(category || base.exclusivityCategory !== undefined ? { exclusivityCategory: category || null } : {}),
      revisionRounds: n(checks.revisionRounds),
    },
  };
}
