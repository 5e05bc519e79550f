import { gatewayClient, type GatewayClient } from '../support/http.js';
import { useStack } from '../support/stack.js';
import { msUntil } from '#libs/testing';
import { bearer, expectStatus, join, problemOf, refreshed, ROOMY_LIMITS, signup, type Actor } from './support.js';


/**
 * An access token must not outlive its session: after logout, after a replayed refresh token,
 * or after the user's role changes, every gateway refuses it — not only once it expires.
 */
describe('ended sessions end their access tokens, on every gateway', () => {
  const stack = useStack({ services: ['identity'], gateways: 2, env: ROOMY_LIMITS });
  let gw: [GatewayClient, GatewayClient];
  const me = (api: GatewayClient, actor: Pick<Actor, 'accessToken'>) => api.get('/v1/me', { headers: bearer(actor) });
  const refusedEverywhere = (actor: Pick<Actor, 'accessToken'>) => async () =>
    (await Promise.all(gw.map((api) => me(api, actor)))).every((res) => res.status === 401);

  beforeAll(() => {
    gw = [gatewayClient(stack().gatewayUrl(0)), gatewayClient(stack().gatewayUrl(1))];
  });

  it('refuses the access token of a logged-out session within 1 s, and keeps other sessions', async () => {
    const user = await signup(gw[0], 'manager', { org: 'Logout Agency' });
    const login = expectStatus(await gw[1].post<Actor>('/v1/auth/login', { json: { email: user.user.email, password: user.password } }), 200).body;
    expectStatus(await me(gw[0], user), 200);

    expectStatus(await gw[0].post('/v1/auth/logout', { headers: bearer(user), json: { refreshToken: user.refreshToken } }), 204);
    const ms = await msUntil(refusedEverywhere(user), 1_000);
    console.info(`logged-out token refused on both gateways after ${ms.toFixed(1)} ms`);
    problemOf(await me(gw[1], user), 401);
    // The other sign-in of the same user is a different session and keeps working.
    expectStatus(await me(gw[1], login), 200);
  });

  it('refuses every token of a family whose refresh token was replayed', async () => {
    const user = await signup(gw[0], 'creator');
    const next = await refreshed(gw[0], user);
    expectStatus(await me(gw[1], next), 200);
    // Someone replays the spent refresh token: the family is burnt, the fresh access token too.
    problemOf(await gw[1].post('/v1/auth/refresh', { json: { refreshToken: user.refreshToken } }), 401);
    await msUntil(refusedEverywhere(next), 1_000);
  });

  it('refuses tokens that still claim a role the user no longer has; a new sign-in gets the new role', async () => {
    const owner = await signup(gw[0], 'manager', { org: 'Demotion Agency' });
    const admin = await join(gw[0], owner, await signup(gw[0], 'manager'), 'admin');
    expectStatus(await gw[1].get(`/v1/orgs/${owner.organization!.id}/members`, { headers: bearer(admin) }), 200);

    expectStatus(await gw[0].request('PATCH', `/v1/orgs/${owner.organization!.id}/members/${admin.user.id}`, { headers: bearer(owner), json: { role: 'viewer' } }), 200);
    await msUntil(refusedEverywhere(admin), 1_000);
    problemOf(await gw[1].post('/v1/auth/refresh', { json: { refreshToken: admin.refreshToken } }), 401);

    const again = expectStatus(await gw[1].post<Actor>('/v1/auth/login', { json: { email: admin.user.email, password: admin.password } }), 200).body;
    expect(expectStatus(await me(gw[0], again), 200).body).toMatchObject({ role: 'viewer' });
    problemOf(await gw[0].get(`/v1/orgs/${owner.organization!.id}/members`, { headers: bearer(again) }), 403);
  }, 30_000);
});
