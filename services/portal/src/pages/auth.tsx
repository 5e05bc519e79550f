import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, ok } from '../api/client';
import { Link, queryParam, useRouter } from '../router';
import { useSession } from '../session';
import { fieldErrorsOf } from '../hooks';
import { ErrorNotice, Field } from '../ui';

export function LoginPage() {
  const { signIn } = useSession();
  const { navigate } = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => ok(api.POST('/v1/auth/login', { body: { email, password } })),
    onSuccess: (s) => {
      signIn({ accessToken: s.accessToken, refreshToken: s.refreshToken });
      navigate('/', true);
    },
  });
  const errors = fieldErrorsOf(login.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <main className="auth" id="main">
      <h1>Sign in to Talent Portal</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <Field label="Email" error={errors.email}>
          {(p) => <input {...p} type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />}
        </Field>
        <Field label="Password" error={errors.password}>
          {(p) => <input {...p} type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
        </Field>
        {!Object.keys(errors).length && <ErrorNotice error={login.error} />}
        <button type="submit" className="primary" disabled={login.isPending}>
          Sign in
        </button>
      </form>
      <p>
        New here? <Link to="/signup">Create an account</Link>
      </p>
    </main>
  );
}

export function SignupPage() {
  const { signIn } = useSession();
  const { navigate, path } = useRouter();
  // An invitation mail links here with the invited address and the kind of account that can join.
  const invitedKind = queryParam(path, 'kind');
  const [form, setForm] = useState({
    email: queryParam(path, 'email') ?? '',
    password: '',
    name: '',
    kind: (invitedKind === 'manager' || invitedKind === 'brand' ? invitedKind : 'creator') as 'creator' | 'manager' | 'brand',
    handle: '',
    organization: '',
  });
  const signup = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/auth/signup', {
          body: {
            email: form.email,
            password: form.password,
            name: form.name,
            kind: form.kind,
            ...(form.kind === 'creator' ? { handle: form.handle } : {}),
            ...(form.kind !== 'creator' && form.organization ? { organization: { name: form.organization } } : {}),
          },
        }),
      ),
    onSuccess: (s) => {
      signIn({ accessToken: s.accessToken, refreshToken: s.refreshToken });
      navigate('/', true);
    },
  });
  const errors = fieldErrorsOf(signup.error);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signup.mutate();
  };
  return (
    <main className="auth" id="main">
      <h1>Create your account</h1>
      <form onSubmit={submit} aria-label="Sign up">
        <fieldset>
          <legend>I am</legend>
          {(['creator', 'manager', 'brand'] as const).map((k) => (
            <label key={k} className="inline">
              <input type="radio" name="kind" value={k} checked={form.kind === k} onChange={set('kind')} /> {k === 'creator' ? 'a creator' : k === 'manager' ? 'a talent manager (agency)' : 'a brand'}
            </label>
          ))}
        </fieldset>
        <Field label="Name" error={errors.name}>
          {(p) => <input {...p} name="name" value={form.name} onChange={set('name')} autoComplete="name" />}
        </Field>
        <Field label="Email" error={errors.email}>
          {(p) => <input {...p} type="email" name="email" value={form.email} onChange={set('email')} autoComplete="email" />}
        </Field>
        <Field label="Password" error={errors.password} hint="At least 10 characters">
          {(p) => <input {...p} type="password" name="password" value={form.password} onChange={set('password')} autoComplete="new-password" />}
        </Field>
        {form.kind === 'creator' ? (
          <Field label="Handle" error={errors.handle}>
            {(p) => <input {...p} name="handle" value={form.handle} onChange={set('handle')} />}
          </Field>
        ) : (
          <Field label={`${form.kind === 'brand' ? 'Brand' : 'Agency'} name (leave empty to be invited)`} error={errors['organization.name']}>
            {(p) => <input {...p} name="organization" value={form.organization} onChange={set('organization')} />}
          </Field>
        )}
        {!Object.keys(errors).length && <ErrorNotice error={signup.error} />}
        <button type="submit" className="primary" disabled={signup.isPending}>
          Create account
        </button>
      </form>
      <p>
        Have an account? <Link to="/login">Sign in</Link>
      </p>
    </main>
  );
}
