import { randomUUID } from 'node:crypto';
import type { Principal } from '#libs/contracts';
import { CreatorVisibilityCore, VISIBILITY_TTL_MS } from './creator-visibility.js';

const brand: Principal = { userId: randomUUID(), kind: 'brand', orgId: randomUUID(), orgKind: 'brand', role: 'owner' };

function setup() {
  let clock = 1_000_000;
  const answers = new Map<string, boolean | Error>();
  const asked: string[] = [];
  const visibility = new CreatorVisibilityCore(
    async (_principal, creatorId) => {
      asked.push(creatorId);
      const answer = answers.get(creatorId) ?? false;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    VISIBILITY_TTL_MS,
    () => clock,
  );
  return { visibility, asked, answers, advance: (ms: number) => (clock += ms) };
}

describe('creator visibility for brands', () => {
  it("reuses roster's answer for the TTL, then asks again (a creator who hides is hidden within it)", async () => {
    const t = setup();
    const creatorId = randomUUID();
    t.answers.set(creatorId, true);
    expect(await t.visibility.visibleToBrands(brand, creatorId)).toBe(true);
    t.answers.set(creatorId, false);
    t.advance(VISIBILITY_TTL_MS - 1);
    expect(await t.visibility.visibleToBrands(brand, creatorId)).toBe(true);
    t.advance(1);
    expect(await t.visibility.visibleToBrands(brand, creatorId)).toBe(false);
    expect(t.asked).toEqual([creatorId, creatorId]);
  });

  it('keeps one answer per creator', async () => {
    const t = setup();
    const [shown, hidden] = [randomUUID(), randomUUID()];
    t.answers.set(shown, true);
    expect(await t.visibility.visibleToBrands(brand, shown)).toBe(true);
    expect(await t.visibility.visibleToBrands(brand, hidden)).toBe(false);
    expect(await t.visibility.visibleToBrands(brand, shown)).toBe(true);
    expect(t.asked).toEqual([shown, hidden]);
  });

  it('counts the creator hidden while roster cannot answer, and asks again on the next request', async () => {
    const t = setup();
    const creatorId = randomUUID();
    t.answers.set(creatorId, new Error('roster is down'));
    expect(await t.visibility.visibleToBrands(brand, creatorId)).toBe(false);
    t.answers.set(creatorId, true);
    expect(await t.visibility.visibleToBrands(brand, creatorId)).toBe(true);
    expect(t.asked).toEqual([creatorId, creatorId]);
  });

  it('gives each instance its own cache (a provider per gateway, not a module-level singleton)', async () => {
    const a = setup();
    const b = setup();
    const creatorId = randomUUID();
    a.answers.set(creatorId, true);
    await a.visibility.visibleToBrands(brand, creatorId);
    expect(await b.visibility.visibleToBrands(brand, creatorId)).toBe(false);
    expect(b.asked).toEqual([creatorId]);
  });
});
