import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, defineRequest, pageRequest } from '#libs/contracts';
import { forbidden } from '#libs/authz';
import { readContractInput } from './route-input.js';
import { RouteRunner } from './route-controller.js';
import type { Downstream } from '../downstream/downstream.js';
import { allRoutes } from './index.js';
import { authorize, route } from './route.js';
import { ownAccount } from '../auth/common.resources.js';

const contract = defineRequest({
  subject: 'identity.things.rename.v1',
  description: 'test',
  request: z.object({ thingId: z.uuid(), name: z.string().min(1), clientIp: z.string().nullable() }).strict(),
  response: z.object({}),
});
const listing = defineRequest({
  subject: 'identity.things.list.v1',
  description: 'test',
  request: z.object({ ownerId: z.uuid(), archived: z.boolean().optional(), ...pageRequest.shape }).strict(),
  response: z.object({}),
});
const openapi = { summary: 'test', tags: ['test'], problems: [] };
const rename = route({
  method: 'POST',
  path: '/v1/things/:id/rename',
  params: { id: 'thingId' },
  contract,
  server: { clientIp: () => '203.0.113.9' },
  auth: authorize('account:read', ownAccount),
  openapi,
});
const list = route({ method: 'GET', path: '/v1/owners/:ownerId/things', contract: listing, auth: authorize('account:read', ownAccount), openapi });

const ID = '7c1f4a52-0d5e-4c1b-9a57-0b1f4f6f2d11';
const request = (over: Partial<FastifyRequest>) => ({ params: {}, query: {}, body: undefined, ...over }) as FastifyRequest;

function contractInput(r: typeof rename | typeof list, req: FastifyRequest, config: Record<string, unknown>): unknown {
  const read = readContractInput(r, req, config);
  if ('invalid' in read) throw read.invalid;
  return read.input;
}

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a validation error');
}

describe('route input', () => {
  it('merges path values, gateway-supplied fields and the body into the contract request', () => {
    expect(contractInput(rename, request({ params: { id: ID }, body: { name: 'Ada' } }), {})).toEqual({ thingId: ID, name: 'Ada', clientIp: '203.0.113.9' });
  });

  it('names a bad path value by the parameter the client used', () => {
    const err = refusal(() => contractInput(rename, request({ params: { id: 'nope' }, body: { name: 'Ada' } }), {}));
    expect(err.status).toBe(400);
    expect(err.errors?.map((e) => e.path)).toEqual(['id']);
  });

  it('refuses fields the client may not set, even when the rest is valid', () => {
    const err = refusal(() => contractInput(rename, request({ params: { id: ID }, body: { name: 'Ada', clientIp: '10.0.0.1', thingId: ID } }), {}));
    expect(err.errors).toEqual([
      { path: 'clientIp', message: 'Unknown field' },
      { path: 'thingId', message: 'Unknown field' },
    ]);
  });

  it('refuses a body that is not an object', () => {
    const err = refusal(() => contractInput(rename, request({ params: { id: ID }, body: ['Ada'] }), {}));
    expect(err.errors?.[0]?.path).toBe('(root)');
  });

  it('reads query strings as the numbers and booleans the contract expects, and applies its defaults', () => {
    expect(contractInput(list, request({ params: { ownerId: ID }, query: { limit: '20', archived: 'true' } }), {})).toEqual({ ownerId: ID, limit: 20, archived: true });
    expect(contractInput(list, request({ params: { ownerId: ID } }), {})).toEqual({ ownerId: ID, limit: 50 });
  });

  it('leaves query text that is not a number to the contract to refuse', () => {
    const err = refusal(() => contractInput(list, request({ params: { ownerId: ID }, query: { limit: '1;DROP TABLE x', archived: 'yes' } }), {}));
    expect(err.errors?.map((e) => e.path).sort()).toEqual(['archived', 'limit']);
  });
});

describe('authorize, then validate', () => {
  const downstream = (authorizeFor: (...args: unknown[]) => Promise<void>) => {
    const asked: unknown[][] = [];
    const fake = {
      authorizeFor: (...args: unknown[]) => {
        asked.push(args);
        return authorizeFor(...args);
      },
      callFor: () => Promise.resolve({}),
    } as unknown as Downstream;
    return { runner: new RouteRunner(fake, {}), asked };
  };
  const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a refusal'); }, (err: unknown) => err as AppError);

  it('keeps the path values of a request whose body is invalid, and the fields valid on their own, so the service can authorize on them', () => {
    const read = readContractInput(rename, request({ params: { id: ID }, body: { name: '' } }), {});
    expect(read).toMatchObject({ locator: { thingId: ID } });
    const named = readContractInput(rename, request({ params: { id: ID }, body: { name: 'Ada', junk: 1, thingId: 'x', clientIp: '10.0.0.1' } }), {});
    expect('locator' in named && named.locator).toEqual({ thingId: ID, name: 'Ada' });
    expect(readContractInput(rename, request({ params: { id: 'nope' }, body: { name: '' } }), {})).not.toHaveProperty('locator');
  });

  it("answers the service's 403 to a caller without the right, whatever its body", async () => {
    const { runner, asked } = downstream(() => Promise.reject(forbidden()));
    const err = await failure(runner.run(rename, request({ params: { id: ID }, body: { name: '', junk: '\u0000' } })));
    expect(err.status).toBe(403);
    expect(asked.map(([, c, locator]) => [(c as { subject: string }).subject, locator])).toEqual([[contract.subject, { thingId: ID }]]);
  });

  it('answers the 400 once the service says the caller may send the request', async () => {
    const { runner } = downstream(() => Promise.resolve());
    const err = await failure(runner.run(rename, request({ params: { id: ID }, body: { name: '' } })));
    expect(err.status).toBe(400);
    expect(err.errors?.map((e) => e.path)).toEqual(['name']);
  });

  it('asks nothing when the body is valid, the path is malformed (400) or the route is public', async () => {
    const { runner, asked } = downstream(() => Promise.reject(forbidden()));
    await runner.run(rename, request({ params: { id: ID }, body: { name: 'Ada' } }));
    expect((await failure(runner.run(rename, request({ params: { id: 'nope' }, body: { name: '' } })))).status).toBe(400);
    const open = { ...rename, auth: { public: 'test' } };
    expect((await failure(runner.run(open, request({ params: { id: ID }, body: { name: '' } })))).status).toBe(400);
    expect(asked).toEqual([]);
  });
});

describe("a handler's calls", () => {
  it('go through Downstream as the caller, with the route deadline unless a call names its own', async () => {
    const calls: unknown[][] = [];
    const fake = { callFor: (...args: unknown[]) => (calls.push(args), Promise.resolve({})) } as unknown as Downstream;
    const composed = route({
      ...list,
      deadlineMs: 30_000,
      handle: async ({ call, send }) => {
        await send(contract, { thingId: ID, name: 'Ada', clientIp: null }, { timeoutMs: 250 });
        return call(undefined, { part: 1 });
      },
    });
    const req = request({ params: { ownerId: ID } });
    await new RouteRunner(fake, {}).run(composed, req);
    expect(calls.map(([asked, c, , opts]) => [asked === req, (c as { subject: string }).subject, opts])).toEqual([
      [true, contract.subject, { timeoutMs: 250 }],
      [true, listing.subject, { timeoutMs: 30_000, part: 1 }],
    ]);
  });
});

describe('route tables', () => {
  it('refuse, at start, a route whose path or server fields are not in its contract', () => {
    expect(() => allRoutes({ test: { rename, list } })).not.toThrow();
    expect(() => allRoutes({ test: { bad: { ...rename, path: '/v1/things/:thingKey/rename', params: {} } } })).toThrow(/thingKey/);
    expect(() => allRoutes({ test: { bad: { ...rename, server: { callerIp: () => null } } } })).toThrow(/callerIp/);
    expect(() => allRoutes({ a: { rename }, b: { rename } })).toThrow(/declared twice/);
    expect(() => allRoutes({ a: { rename }, b: { other: rename } })).toThrow(/declared twice/);
  });
});
