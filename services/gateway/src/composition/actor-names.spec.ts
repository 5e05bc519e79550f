import { AppError, identityContracts } from '#libs/contracts';
import { nameActors } from './actor-names.js';

const SAM = '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';
const MIA = '6f1c2b0e-3d4a-4b5c-8d9e-0a1b2c3d4e5f';
const AGENCY = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const items = [
  { seq: 1, actor: { userId: SAM, name: null, organization: { id: AGENCY, name: null, kind: 'agency' as const } } },
  { seq: 2, actor: { userId: MIA, name: null, organization: null } },
  { seq: 3, actor: { userId: null, name: null, organization: null } },
];

describe('naming who acted', () => {
  it('asks identity once for every person and organization of the page, and fills in their names', async () => {
    const asked: unknown[] = [];
    const send = (async (contract: unknown, payload: unknown) => {
      asked.push([contract, payload]);
      return { users: [{ id: SAM, name: 'Sam Okafor' }, { id: MIA, name: 'Mia Moreno' }], organizations: [{ id: AGENCY, name: 'Northstar Talent', kind: 'agency' }] };
    }) as never;
    const named = await nameActors(send, items);
    expect(asked).toEqual([[identityContracts.namesResolve, { userIds: [SAM, MIA], orgIds: [AGENCY] }]]);
    expect(named.map((i) => [i.seq, i.actor])).toEqual([
      [1, { userId: SAM, name: 'Sam Okafor', organization: { id: AGENCY, name: 'Northstar Talent', kind: 'agency' } }],
      [2, { userId: MIA, name: 'Mia Moreno', organization: null }],
      [3, { userId: null, name: null, organization: null }],
    ]);
  });

  it('serves the page with names left null when identity cannot answer, and asks nothing for a page without people', async () => {
    const down = (async () => Promise.reject(new AppError('unavailable', 'Service unavailable'))) as never;
    expect(await nameActors(down, items)).toEqual(items);
    let called = false;
    const never = (async () => ((called = true), { users: [], organizations: [] })) as never;
    expect(await nameActors(never, [items[2]!])).toEqual([items[2]]);
    expect(called).toBe(false);
  });
});
