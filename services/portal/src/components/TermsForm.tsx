import { useState, type FormEvent } from 'react';
import type { Terms } from '../api/types';
import { formFromTerms, termsFromForm, type TermsErrors, type TermsForm as Form } from '../terms';
import { Field } from '../ui';

const NUMBER_FIELDS: [keyof Form, string][] = [
  ['upfrontPercent', 'Upfront payment (%)'],
  ['netDays', 'Payment due (net days)'],
  ['usageRightsDays', 'Usage rights (days)'],
  ['exclusivityDays', 'Exclusivity (days)'],
  ['revisionRounds', 'Revision rounds'],
];

/**
 * The counter-offer form: starts from the version being answered; checks what it can before
 * sending and shows the gateway's field errors (`serverErrors`) next to the same inputs.
 */
export function TermsForm({ base, onSubmit, serverErrors, busy }: { base: Terms; onSubmit: (terms: Terms, comment: string) => void; serverErrors?: TermsErrors; busy?: boolean }) {
  const [form, setForm] = useState<Form>(() => formFromTerms(base));
  const [errors, setErrors] = useState<TermsErrors>({});
  const shown = { ...serverErrors, ...errors };
  const set = (field: keyof Form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [field]: e.target.value });
    setErrors({ ...errors, [field]: undefined });
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
        {(p) => <input {...p} name="price" inputMode="decimal" value={form.price} onChange={set('price')} />}
      </Field>
      {NUMBER_FIELDS.map(([field, text]) => (
        <Field key={field} label={text} error={shown[field]}>
          {(p) => <input {...p} name={field} inputMode="numeric" value={form[field]} onChange={set(field)} />}
        </Field>
      ))}
      <Field label="Comment" error={shown.comment}>
        {(p) => <textarea {...p} name="comment" rows={2} value={form.comment} onChange={set('comment')} />}
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        Send counter-offer
      </button>
    </form>
  );
}
