import type { Campaign, Deliverable } from './api/types';
import { parseMoneyInput, toMajorInput, type Money } from './format';

/** The campaign form as typed: dates are days (`yyyy-mm-dd`), money in major units, one row per deliverable line. */
export interface DeliverableLine {
  type: Deliverable;
  quantity: string;
  dueAt: string;
}

export interface CampaignForm {
  name: string;
  brief: string;
  budget: string;
  startsAt: string;
  endsAt: string;
  lines: DeliverableLine[];
}

const DAY_MS = 86_400_000;
const day = (iso: string) => iso.slice(0, 10);
/** A day typed in the form means its end, in UTC: "due on the 21st" includes the 21st. */
export const endOfDay = (date: string) => new Date(`${date}T23:59:59Z`).toISOString();

export function newCampaignForm(now: Date = new Date()): CampaignForm {
  const inDays = (n: number) => day(new Date(now.getTime() + n * DAY_MS).toISOString());
  return { name: '', brief: '', budget: '', startsAt: inDays(1), endsAt: inDays(30), lines: [{ type: 'video', quantity: '1', dueAt: inDays(21) }] };
}

/** The form filled with a campaign as it stands, to edit it. */
export function formOf(c: Campaign): CampaignForm {
  return {
    name: c.name,
    brief: c.brief,
    budget: toMajorInput(c.budget.amount, c.budget.currency),
    startsAt: day(c.startsAt),
    endsAt: day(c.endsAt),
    lines: c.deliverables.map((d) => ({ type: d.type, quantity: String(d.quantity), dueAt: day(d.dueAt) })),
  };
}

/** A form line that cannot be sent as it is (unparseable money or counts) goes out as an invalid value, so the service names the field. */
function deliverablesOf(form: CampaignForm) {
  return form.lines.map((l) => ({ type: l.type, quantity: /^\d+$/.test(l.quantity.trim()) ? Number(l.quantity) : -1, dueAt: endOfDay(l.dueAt) }));
}

export function createBody(form: CampaignForm, currency = 'USD') {
  return {
    name: form.name,
    brief: form.brief,
    budget: { amount: parseMoneyInput(form.budget, currency) ?? -1, currency },
    startsAt: endOfDay(form.startsAt),
    endsAt: endOfDay(form.endsAt),
    deliverables: deliverablesOf(form),
  };
}

/**
 * An edit from the version the person read: only what differs from the campaign as loaded, so
 * an unchanged day never moves a stored time of day.
 */
export function editBody(form: CampaignForm, c: Campaign) {
  const before = formOf(c);
  const body: Partial<ReturnType<typeof createBody>> & { version: number } = { version: c.version };
  const next = createBody(form, c.budget.currency);
  if (form.name !== before.name) body.name = next.name;
  if (form.brief !== before.brief) body.brief = next.brief;
  if (form.budget !== before.budget) body.budget = next.budget;
  if (form.startsAt !== before.startsAt) body.startsAt = next.startsAt;
  if (form.endsAt !== before.endsAt) body.endsAt = next.endsAt;
  if (JSON.stringify(form.lines) !== JSON.stringify(before.lines)) body.deliverables = next.deliverables;
  return body;
}

/** By how much a price would take the campaign past its remaining budget; null when it fits (or is not a price yet). */
export function overBudgetBy(price: number | null, remaining: Money): Money | null {
  if (price === null || price <= remaining.amount) return null;
  return { amount: price - Math.max(remaining.amount, 0), currency: remaining.currency };
}
