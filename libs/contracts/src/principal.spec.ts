import { z } from 'zod';
import { locatorSchema } from './principal.js';

describe('locator schemas', () => {
  const request = z.object({ creatorId: z.uuid(), offerId: z.uuid(), note: z.string() }).strict();
  const creatorId = '6f1c2b0e-3d4a-4b5c-8d9e-0a1b2c3d4e5f';
  const offerId = '7f1c2b0e-3d4a-4b5c-8d9e-0a1b2c3d4e5f';

  it("keep only the named fields of the request's shape, strictly", () => {
    const schema = locatorSchema(request, ['creatorId', 'unknown']);
    expect(schema.parse({ creatorId })).toEqual({ creatorId });
    expect(schema.safeParse({ creatorId: 'nope' }).success).toBe(false);
    expect(schema.safeParse({ creatorId, offerId }).success).toBe(false);
  });

  it('are built once per request schema and set of fields, whatever their order', () => {
    const both = locatorSchema(request, ['offerId', 'creatorId']);
    expect(locatorSchema(request, ['creatorId', 'offerId'])).toBe(both);
    expect(both.parse({ offerId, creatorId })).toEqual({ creatorId, offerId });
    expect(locatorSchema(request, ['creatorId'])).not.toBe(both);
    expect(locatorSchema(z.object({ creatorId: z.uuid(), offerId: z.uuid() }), ['creatorId', 'offerId'])).not.toBe(both);
  });
});
