import { useState, type FormEvent } from 'react';
import type { Deliverable, Terms } from '../api/types';
import { formFromTerms, termsFromForm, type ClockStart, type MilestoneRow, type MilestoneTrigger, type TermsErrors, type TermsForm as Form } from '../terms';
import { label } from '../format';
import { Field } from '../ui';
import { CLOCK_START_TEXT, MILESTONE_TRIGGER_TEXT } from '../wording';

const NUMBER_FIELDS: ['upfrontPercent' | 'netDays' | 'usageRightsDays' | 'exclusivityDays' | 'revisionRounds', string][] = [
  ['upfrontPercent', 'Upfront payment (%)'],
  ['netDays', 'Payment due (net days)'],
  ['usageRightsDays', 'Usage rights (days)'],
  ['exclusivityDays', 'Exclusivity (days)'],
  ['revisionRounds', 'Revision rounds'],
];

const NEW_MILESTONE: MilestoneRow = { name: '', amount: '', trigger: 'deliverable_approved', deliverable: '', dueOn: '' };

/**
 * Every negotiable term but the price and the comment: payment (upfront, net days and when they
 * start, milestones), usage rights, exclusivity with its category, revision rounds, and each
 * deliverable's quantity and due date. Used by the send form and the counter-offer form alike.
 */
export function TermsFields({ form, onChange, errors, currency }: { form: Form; onChange: (next: Form) => void; errors: TermsErrors; currency: string }) {
  const set = <K extends keyof Form>(field: K, value: Form[K]) => onChange({ ...form, [field]: value });
  const line = (i: number, patch: Partial<Form['deliverables'][number]>) => set('deliverables', form.deliverables.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const milestone = (i: number, patch: Partial<MilestoneRow>) => set('milestones', form.milestones.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const types = form.deliverables.map((d) => d.type);
  return (
    <>
      {NUMBER_FIELDS.map(([field, text]) => (
        <Field key={field} label={text} error={errors[field]}>
          {(p) => <input {...p} name={field} inputMode="numeric" value={form[field]} onChange={(e) => set(field, e.target.value)} />}
        </Field>
      ))}
      <Field label="Net days start">
        {(p) => (
          <select {...p} name="clockStart" value={form.clockStart} onChange={(e) => set('clockStart', e.target.value as ClockStart)}>
            {(Object.keys(CLOCK_START_TEXT) as ClockStart[]).map((k) => <option key={k} value={k}>{CLOCK_START_TEXT[k]}</option>)}
          </select>
        )}
      </Field>
      <Field label="Exclusivity category" error={errors.exclusivityCategory} hint="e.g. soft drinks; empty for none">
        {(p) => <input {...p} name="exclusivityCategory" value={form.exclusivityCategory} onChange={(e) => set('exclusivityCategory', e.target.value)} />}
      </Field>
      <fieldset className="lines">
        <legend>Deliverables</legend>
        {errors.deliverables && <p className="field-error" role="alert">{errors.deliverables}</p>}
        {form.deliverables.map((d, i) => (
          <div key={d.type} className="line">
            <Field label={`${label(d.type)}: quantity`} error={errors[`deliverables.${i}.quantity`] ?? errors[`deliverables.${i}.type`]}>
              {(p) => <input {...p} inputMode="numeric" size={4} value={d.quantity} onChange={(e) => line(i, { quantity: e.target.value })} />}
            </Field>
            <Field label={`${label(d.type)}: due on`} error={errors[`deliverables.${i}.dueOn`]}>
              {(p) => <input {...p} type="date" value={d.dueOn} onChange={(e) => line(i, { dueOn: e.target.value })} />}
            </Field>
          </div>
        ))}
      </fieldset>
      <fieldset className="lines">
        <legend>Milestone payments ({currency})</legend>
        {errors.milestones && <p className="field-error" role="alert">{errors.milestones}</p>}
        {form.milestones.map((m, i) => (
          <div key={i} className="line" role="group" aria-label={`Milestone ${i + 1}`}>
            <Field label="Name" error={errors[`milestones.${i}.name`]}>{(p) => <input {...p} value={m.name} onChange={(e) => milestone(i, { name: e.target.value })} />}</Field>
            <Field label="Amount" error={errors[`milestones.${i}.amount`]}>{(p) => <input {...p} inputMode="decimal" size={10} value={m.amount} onChange={(e) => milestone(i, { amount: e.target.value })} />}</Field>
            <Field label="Paid when">
              {(p) => (
                <select {...p} value={m.trigger} onChange={(e) => milestone(i, { trigger: e.target.value as MilestoneTrigger })}>
                  {(Object.keys(MILESTONE_TRIGGER_TEXT) as MilestoneTrigger[]).map((k) => <option key={k} value={k}>{MILESTONE_TRIGGER_TEXT[k]}</option>)}
                </select>
              )}
            </Field>
            {m.trigger === 'deliverable_approved' && (
              <Field label="Which deliverable" error={errors[`milestones.${i}.deliverable`]}>
                {(p) => (
                  <select {...p} value={m.deliverable} onChange={(e) => milestone(i, { deliverable: e.target.value as Deliverable })}>
                    <option value="">Choose…</option>
                    {types.map((t) => <option key={t} value={t}>{label(t)}</option>)}
                  </select>
                )}
              </Field>
            )}
            {m.trigger === 'date' && (
              <Field label="On" error={errors[`milestones.${i}.dueOn`]}>{(p) => <input {...p} type="date" value={m.dueOn} onChange={(e) => milestone(i, { dueOn: e.target.value })} />}</Field>
            )}
            <button type="button" className="link" onClick={() => set('milestones', form.milestones.filter((_, j) => j !== i))}>Remove milestone {i + 1}</button>
          </div>
        ))}
        <button type="button" onClick={() => set('milestones', [...form.milestones, { ...NEW_MILESTONE, deliverable: types[0] ?? '' }])}>Add a milestone</button>
      </fieldset>
    </>
  );
}

/**
 * The counter-offer form: starts from the version being answered; checks what it can before
 * sending and shows the gateway's field errors (`serverErrors`) next to the same inputs.
 */
export function TermsForm({ base, onSubmit, serverErrors, busy }: { base: Terms; onSubmit: (terms: Terms, comment: string) => void; serverErrors?: TermsErrors; busy?: boolean }) {
  const [form, setForm] = useState<Form>(() => formFromTerms(base));
  const [errors, setErrors] = useState<TermsErrors>({});
  const shown = { ...serverErrors, ...errors };
  const change = (next: Form) => {
    setForm(next);
    setErrors({});
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = termsFromForm(form, base);
    if (result.errors) return setErrors(result.errors);
    setErrors({});
    onSubmit(result.terms, form.comment);
  };
  return (
    <form className="terms-form" onSubmit={submit} noValidate aria-label="Counter-offer">
      <Field label={`Price (${base.price.currency})`} error={shown.price}>
        {(p) => <input {...p} name="price" inputMode="decimal" value={form.price} onChange={(e) => change({ ...form, price: e.target.value })} />}
      </Field>
      <TermsFields form={form} onChange={change} errors={shown} currency={base.price.currency} />
      <Field label="Comment" error={shown.comment}>
        {(p) => <textarea {...p} name="comment" rows={2} value={form.comment} onChange={(e) => change({ ...form, comment: e.target.value })} />}
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        Send counter-offer
      </button>
    </form>
  );
}
