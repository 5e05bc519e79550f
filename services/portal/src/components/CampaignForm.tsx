import { useState } from 'react';
import { DELIVERABLES, type Deliverable } from '../api/types';
import type { CampaignForm as Form, DeliverableLine } from '../campaign-form';
import { label } from '../format';
import { Field } from '../ui';

/**
 * The campaign's fields for creating and editing it alike: name, brief, budget, dates, and one
 * row per deliverable line (type, quantity, due day), lines added and removed in place.
 */
export function CampaignForm({
  title,
  initial,
  submit,
  pending,
  errors,
  onSubmit,
  onCancel,
  children,
}: {
  title: string;
  initial: Form;
  submit: string;
  pending: boolean;
  errors: Record<string, string>;
  onSubmit: (form: Form) => void;
  onCancel?: () => void;
  children?: React.ReactNode;
}) {
  const [form, setForm] = useState<Form>(initial);
  const set = (k: Exclude<keyof Form, 'lines'>) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const setLine = (i: number, patch: Partial<DeliverableLine>) => setForm({ ...form, lines: form.lines.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const addLine = () => setForm({ ...form, lines: [...form.lines, { type: 'video', quantity: '1', dueAt: form.lines.at(-1)?.dueAt ?? form.endsAt }] });
  const removeLine = (i: number) => setForm({ ...form, lines: form.lines.filter((_, j) => j !== i) });
  return (
    <form aria-label={title} className="grid-form" onSubmit={(e) => { e.preventDefault(); onSubmit(form); }}>
      <Field label="Name" error={errors.name}>{(p) => <input {...p} name="name" value={form.name} onChange={set('name')} />}</Field>
      <Field label="Brief" error={errors.brief}>{(p) => <textarea {...p} name="brief" rows={2} value={form.brief} onChange={set('brief')} />}</Field>
      <Field label="Budget (USD)" error={errors['budget.amount'] ?? errors['budget.currency'] ?? errors.budget}>{(p) => <input {...p} name="budget" inputMode="decimal" value={form.budget} onChange={set('budget')} />}</Field>
      <Field label="Starts" error={errors.startsAt}>{(p) => <input {...p} type="date" value={form.startsAt} onChange={set('startsAt')} />}</Field>
      <Field label="Ends" error={errors.endsAt}>{(p) => <input {...p} type="date" value={form.endsAt} onChange={set('endsAt')} />}</Field>
      {form.lines.map((line, i) => (
        <fieldset key={i} className="deliverable-line">
          <legend>Deliverable {i + 1}</legend>
          <Field label="Type" error={errors[`deliverables.${i}.type`]}>
            {(p) => <select {...p} value={line.type} onChange={(e) => setLine(i, { type: e.target.value as Deliverable })}>{DELIVERABLES.map((d) => <option key={d} value={d}>{label(d)}</option>)}</select>}
          </Field>
          <Field label="Quantity" error={errors[`deliverables.${i}.quantity`]}>{(p) => <input {...p} inputMode="numeric" value={line.quantity} onChange={(e) => setLine(i, { quantity: e.target.value })} />}</Field>
          <Field label="Due" error={errors[`deliverables.${i}.dueAt`]}>{(p) => <input {...p} type="date" value={line.dueAt} onChange={(e) => setLine(i, { dueAt: e.target.value })} />}</Field>
          {form.lines.length > 1 && <button type="button" onClick={() => removeLine(i)}>Remove deliverable {i + 1}</button>}
        </fieldset>
      ))}
      {errors.deliverables && <p className="field-error">{errors.deliverables}</p>}
      <button type="button" onClick={addLine} disabled={form.lines.length >= 50}>Add a deliverable</button>
      {children}
      <button type="submit" className="primary" disabled={pending}>{submit}</button>
      {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
    </form>
  );
}
