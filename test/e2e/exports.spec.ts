import { jest } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { eventually } from '#libs/testing';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { dealsWorld, sendOffer } from './support/offers.js';
import { useStack } from './support/stack.js';
import { bearer, expectStatus, problemOf, ROOMY_LIMITS, type Actor } from './security/support.js';

type Row = Record<string, string>;

/** Names a spreadsheet would break on or run: a comma and quotes, and a formula. */
const QUOTED = 'Mia, "the" Maker';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

/**
 * CSV exports through the gateway with every service running: what a spreadsheet opens is the
 * list the JSON answers, every page of it, by name, with money in major units; the same tenant
 * rules and filters; refusals stay problem documents.
 */
describe('CSV exports', () => {
  jest.setTimeout(60_000);
  const stack = useStack({ env: ROOMY_LIMITS });
  let api: GatewayClient;
  let owner: Actor, manager: Actor, otherAgency: Actor, glow: Actor, bolt: Actor, creators: Actor[];
  const campaignNames = { glow: ['Spring, "glow" 0', 'Spring, "glow" 1', 'Spring, "glow" 2'], bolt: '+Bolt summer' };

  async function csv(who: Actor, path: string): Promise<{ rows: Row[]; header: string[]; disposition: string | null }> {
    const res = expectStatus(await api.get(path, { headers: { ...bearer(who), accept: 'text/csv' } }), 200, path);
    expect(res.contentType).toBe('text/csv');
    expect(res.text.endsWith('\r\n')).toBe(true);
    const records = parse(res.text, { relax_column_count: false }) as string[][];
    const [header = [], ...rest] = records;
    return { header, rows: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!]))), disposition: res.headers.get('content-disposition') };
  }


  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    ({ owner, manager, otherAgency, glow, bolt, creators } = await dealsWorld(api, { glow: 'Glow, "Labs"', creators: [QUOTED, FORMULA, 'Kai Ito'] }));
    expectStatus(await api.request('PUT', `/v1/creators/${creators[0]!.user.id}/rates`, { headers: bearer(creators[0]!), json: { items: [{ deliverable: 'video', price: { amount: 150_000, currency: 'USD' } }, { deliverable: 'story', price: { amount: 5, currency: 'USD' } }], version: 0 } }), 200, 'rates');
    const price = { price: { amount: 123_456, currency: 'USD' } };
    for (const [i, c] of creators.entries()) await sendOffer(api, glow, campaignNames.glow[i]!, c, price);
    await sendOffer(api, bolt, campaignNames.bolt, creators[0]!, price);
    await eventually(async () => (await api.request('PUT', `/v1/roster/${creators[0]!.user.id}/assignees`, { headers: bearer(owner), json: { managerIds: [manager.user.id] } })).status === 200, 15_000);
    // Campaigns' deals projection follows negotiation's events within moments.
    await eventually(async () => {
      const res = await api.get<{ items: unknown[] }>('/v1/deals?limit=200', { headers: bearer(owner) });
      return res.status === 200 && res.body.items.length === 4;
    }, 15_000);
  }, 180_000);

  it('exports every deal across pages, by name, money in major units, names quoted and formulas made inert', async () => {
    const { header, rows, disposition } = await csv(owner, '/v1/deals?limit=1');
    expect(disposition).toBe('attachment; filename="deals.csv"');
    expect(header).toEqual(['Campaign', 'Brand', 'Creator', 'Handle', 'Price', 'Currency', 'Status', 'Work', 'Whose move', 'Next deadline', 'Deadline at', 'Overdue', 'Below rate card', 'Managers', 'Sent at']);
    expect(rows.map((r) => r.Campaign).sort()).toEqual(["'" + campaignNames.bolt, ...campaignNames.glow].sort());
    const quoted = rows.filter((r) => r.Creator === QUOTED);
    expect(quoted.map((r) => r.Brand).sort()).toEqual(['Bolt Drinks', 'Glow, "Labs"']);
    expect(quoted.every((r) => r.Managers === 'Sam Manager')).toBe(true);
    expect(rows.find((r) => r.Creator === `'${FORMULA}`)).toMatchObject({ Price: '1234.56', Currency: 'USD', Status: 'awaiting response', 'Whose move': 'creator side', Overdue: 'no', Managers: '' });
    expect(rows.every((r) => !Number.isNaN(Date.parse(r['Sent at']!)) && r.Handle!.startsWith('c_'))).toBe(true);
  });

  it('answers the same deals as JSON for each tenant and filter; others get none', async () => {
    const names = async (who: Actor, qs: string) => {
      const json = expectStatus(await api.get<{ items: { campaign: { name: string } }[] }>(`/v1/deals?limit=200${qs}`, { headers: bearer(who) }), 200, qs).body.items.map((d) => d.campaign.name);
      const file = (await csv(who, `/v1/deals?limit=2${qs}`)).rows.map((r) => r.Campaign!.replace(/^'/, ''));
      expect(file.sort()).toEqual(json.sort());
      return file;
    };
    expect(await names(glow, '')).toEqual([...campaignNames.glow].sort());
    expect(await names(bolt, '')).toEqual([campaignNames.bolt]);
    expect(await names(otherAgency, '')).toEqual([]);
    expect(await names(owner, `&creatorId=${creators[0]!.user.id}`)).toHaveLength(2);
    expect(await names(owner, `&brandId=${bolt.organization!.id}`)).toEqual([campaignNames.bolt]);
    expect(await names(manager, '&assignee=me')).toHaveLength(2);
    // A brand cannot reach another brand's deals by naming it.
    expect(await names(glow, `&brandId=${bolt.organization!.id}`)).toEqual([]);
  });

  it("exports the agency's roster across pages with access in words, managers by name and rates in major units", async () => {
    const { header, rows, disposition } = await csv(owner, '/v1/roster?limit=1');
    expect(disposition).toBe('attachment; filename="roster.csv"');
    expect(header).toEqual(['Creator', 'Handle', 'Categories', 'Access', 'Since', 'Access ends', 'Managers', 'Followers', 'Engagement rate', 'Active campaigns', 'Pending offers', 'Rates currency', 'Video', 'Video series', 'Live stream', 'Story', 'Usage rights (30 days)']);
    expect(rows.map((r) => r.Creator).sort()).toEqual([QUOTED, `'${FORMULA}`, 'Kai Ito'].sort());
    expect(rows.find((r) => r.Creator === QUOTED)).toMatchObject({
      Handle: creators[0]!.user.handle,
      Access: 'See campaigns and offers; negotiate offers',
      Managers: 'Sam Manager',
      'Rates currency': 'USD',
      Video: '1500.00',
      Story: '0.05',
      'Live stream': '',
    });
    expect(rows.find((r) => r.Creator === 'Kai Ito')).toMatchObject({ Managers: '', 'Rates currency': '', Video: '' });
    // The other agency holds a grant on the first creator without campaigns:read; its roster is its own.
    expect((await csv(otherAgency, '/v1/roster')).rows.map((r) => r.Access)).toEqual(['See performance and audience']);
  });

  it('refuses as JSON does, with a problem document rather than a file', async () => {
    problemOf(await api.get('/v1/roster', { headers: { ...bearer(glow), accept: 'text/csv' } }), 403);
    problemOf(await api.get('/v1/deals?cursor=not*a*cursor', { headers: { ...bearer(owner), accept: 'text/csv' } }), 400);
    problemOf(await api.get('/v1/deals', { headers: { accept: 'text/csv' } }), 401);
    // A client that accepts anything keeps getting JSON.
    expect(expectStatus(await api.get('/v1/deals', { headers: { ...bearer(owner), accept: '*/*' } }), 200).contentType).toBe('application/json');
  });
});
