import { randomUUID } from 'node:crypto';
import { publicApiCall } from '../../../tools/demo/public-api.js';

export const PASSWORD = 'correct horse battery';

export interface Account {
  email: string;
  /** The display name signed up with: what the portal shows for this person. */
  name: string;
  userId: string;
  accessToken: string;
  orgId?: string;
}

/** A 503 (a service busy on a loaded machine) is retried after its Retry-After, with the same Idempotency-Key. */
const client = (base: string) => publicApiCall(base, { retryOn: [503], attempts: 4, maxWaitSeconds: 5 });
const call = <T>(base: string, method: string, path: string, body?: unknown, token?: string) => client(base)<T>(method, path, body, token);

export const api = {
  call,
  async expect<T>(base: string, method: string, path: string, status: number, body?: unknown, token?: string): Promise<T> {
    const res = await call<T>(base, method, path, body, token);
    if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  },
};

const unique = () => randomUUID().slice(0, 8);

/** Signs an account up through the public API (the journey signs the creator up in the browser). */
export async function signUp(base: string, kind: 'manager' | 'brand', organization?: string): Promise<Account> {
  const email = `${kind}-${unique()}@example.test`;
  const name = `${kind === 'brand' ? 'Brand' : 'Manager'} ${unique()}`;
  const res = await api.expect<{ user: { id: string }; accessToken: string; organization: { id: string } | null }>(base, 'POST', '/v1/auth/signup', 201, {
    email,
    password: PASSWORD,
    name,
    kind,
    ...(organization ? { organization: { name: organization } } : {}),
  });
  return { email, name, userId: res.user.id, accessToken: res.accessToken, orgId: res.organization?.id };
}

/** An agency: its owner plus a manager and a viewer, each invited and accepting. */
export async function agency(base: string) {
  const owner = await signUp(base, 'manager', `Agency ${unique()}`);
  const member = async (role: 'manager' | 'viewer') => {
    const account = await signUp(base, 'manager');
    const invitation = await api.expect<{ id: string }>(base, 'POST', `/v1/orgs/${owner.orgId}/invitations`, 201, { email: account.email, role }, owner.accessToken);
    await api.expect(base, 'POST', `/v1/invitations/${invitation.id}/accept`, 200, {}, account.accessToken);
    // A token carries the organization it was issued with: sign in again to act as a member.
    const session = await api.expect<{ accessToken: string }>(base, 'POST', '/v1/auth/login', 200, { email: account.email, password: PASSWORD });
    return { ...account, accessToken: session.accessToken, orgId: owner.orgId };
  };
  return { owner, manager: await member('manager'), viewer: await member('viewer') };
}

export const newHandle = () => `creator_${unique()}`;

/** A creator who signs up and approves the agency owner's request for `scopes`: on the agency's roster. */
export async function grantedCreator(base: string, owner: Pick<Account, 'accessToken'>, name: string, scopes: string[] = ['campaigns:read', 'offers:negotiate']) {
  const handle = newHandle();
  const email = `${handle}@example.test`;
  const session = await api.expect<{ user: { id: string }; accessToken: string }>(base, 'POST', '/v1/auth/signup', 201, { email, password: PASSWORD, name, kind: 'creator', handle });
  const grant = await api.expect<{ id: string }>(base, 'POST', '/v1/delegations', 201, { creatorHandle: handle, scopes }, owner.accessToken);
  await api.expect(base, 'POST', `/v1/delegations/${grant.id}/approve`, 200, {}, session.accessToken);
  return { handle, email, user: session.user, accessToken: session.accessToken, grantId: grant.id };
}
