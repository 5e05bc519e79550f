import { AppError, type CampaignDeliverable, type FieldError, type Money, type TargetAudience, type UpdateCampaignRequest } from '#libs/contracts';

/** The parts of a campaign an edit may change, as stored. */
export interface CampaignFacts {
  name: string;
  brief: string;
  objectives: string[];
  budget: Money;
  startsAt: Date;
  endsAt: Date;
  deliverables: CampaignDeliverable[];
  targetAudience: TargetAudience;
}

export interface CampaignEdit {
  changes: Partial<CampaignFacts>;
  /** The fields whose value differs from the stored one, in a stable order. */
  fields: (keyof CampaignFacts)[];
}

const EDITABLE = ['name', 'brief', 'objectives', 'budget', 'startsAt', 'endsAt', 'deliverables', 'targetAudience'] as const satisfies readonly (keyof CampaignFacts)[];

function unprocessable(title: string, errors: FieldError[]): AppError {
  return new AppError('unprocessable', title, errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

/** JSON with object keys sorted: jsonb does not keep the order fields were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const stored = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/**
 * What an edit changes, judged against the stored campaign: the budget may only go up and keeps
 * its currency (offers were priced in it); the dates stay in order and every due date inside
 * them, counting the stored values of the fields the edit leaves out. Fields sent unchanged are
 * not changes. Each refusal is a 422 naming the field.
 */
export function editCampaign(current: CampaignFacts, edit: Omit<UpdateCampaignRequest, 'campaignId' | 'version'>): CampaignEdit {
  const errors: FieldError[] = [];
  if (edit.budget) {
    if (edit.budget.currency !== current.budget.currency) {
      errors.push({ path: 'budget.currency', message: `must stay ${current.budget.currency}: offers are priced in it` });
    } else if (edit.budget.amount < current.budget.amount) {
      errors.push({ path: 'budget.amount', message: `may only go up (it is ${current.budget.amount} in minor units)` });
    }
  }
  const startsAt = edit.startsAt ? new Date(edit.startsAt) : current.startsAt;
  const endsAt = edit.endsAt ? new Date(edit.endsAt) : current.endsAt;
  if (endsAt.getTime() <= startsAt.getTime()) {
    errors.push({ path: edit.endsAt ? 'endsAt' : 'startsAt', message: edit.endsAt ? `must be after startsAt (${startsAt.toISOString()})` : `must be before endsAt (${endsAt.toISOString()})` });
  } else {
    (edit.deliverables ?? current.deliverables).forEach((d, i) => {
      const due = Date.parse(d.dueAt);
      if (due < startsAt.getTime() || due > endsAt.getTime()) {
        errors.push({ path: `deliverables.${i}.dueAt`, message: `must be between the campaign's start and end (${startsAt.toISOString()} – ${endsAt.toISOString()})` });
      }
    });
  }
  if (errors.length) throw unprocessable('Campaign edit refused', errors);

  const proposed: Partial<CampaignFacts> = {
    ...edit,
    ...(edit.startsAt ? { startsAt } : {}),
    ...(edit.endsAt ? { endsAt } : {}),
  } as Partial<CampaignFacts>;
  const fields = EDITABLE.filter((f) => proposed[f] !== undefined && !same(stored(proposed[f]), stored(current[f])));
  return { changes: Object.fromEntries(fields.map((f) => [f, proposed[f]])) as Partial<CampaignFacts>, fields };
}

/** Budget minus what accepted offers committed; negative once accepted deals went over. */
export function remainingBudget(budget: Money, committedAmount: number): Money {
  return { amount: budget.amount - committedAmount, currency: budget.currency };
}

/**
 * A new offer whose price is more than the remaining budget needs the brand's explicit
 * confirmation (`allowOverBudget`): a demanding brand wants a confirm step, not a silent overrun.
 */
export function assertWithinBudget(price: Money, remaining: Money, allowOverBudget: boolean): void {
  if (allowOverBudget || price.amount <= remaining.amount) return;
  throw new AppError(
    'unprocessable',
    'Over budget',
    `The price is more than the campaign's remaining budget (${remaining.amount} ${remaining.currency} in minor units); send again with allowOverBudget to confirm`,
    [{ path: 'price.amount', message: `exceeds the remaining budget of ${remaining.amount} ${remaining.currency} minor units` }],
  );
}
