import { randomBytes } from 'node:crypto';
import { gatewayClient, parseTraceparent, type GatewayClient, type Problem } from './support/http.js';
import { useStack } from './support/stack.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** What every client of the gateway relies on, whatever the route (docs/api-conventions.md, "Conventions"). */
describe('gateway HTTP conventions', () => {
  const stack = useStack();
  let api: GatewayClient;
  beforeAll(() => {
    api = gatewayClient(stack().gatewayUrl());
  });

  function expectProblem(res: { status: number; contentType: string; body: unknown }, status: number): Problem {
    expect(res.status).toBe(status);
    expect(res.contentType).toBe('application/problem+json');
    const problem = res.body as Problem;
    expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
    expect(problem.traceId).toMatch(/^[0-9a-f]{32}$/);
    return problem;
  }

  describe('trace context', () => {
    it('continues an incoming trace: the response traceparent has the same trace id', async () => {
      const traceId = hex(16);
      const parentSpanId = hex(8);
      const res = await api.get('/v1/health', { headers: { traceparent: `00-${traceId}-${parentSpanId}-01` } });

      expect(res.status).toBe(200);
      const returned = parseTraceparent(res.headers.get('traceparent'));
      expect(returned).toBeDefined();
      expect(returned!.traceId).toBe(traceId);
      // The gateway answers from its own span in that trace, not the caller's.
      expect(returned!.spanId).not.toBe(parentSpanId);
    });

    it('starts a new trace when none comes in, and a new one per request', async () => {
      const [a, b] = await Promise.all([api.get('/v1/health'), api.get('/v1/health')]);
      const ta = parseTraceparent(a.headers.get('traceparent'));
      const tb = parseTraceparent(b.headers.get('traceparent'));
      expect(ta).toBeDefined();
      expect(tb).toBeDefined();
      expect(ta!.traceId).not.toBe(tb!.traceId);
      expect(ta!.traceId).not.toBe('0'.repeat(32));
    });

    it('ignores a malformed traceparent instead of failing the request', async () => {
      const res = await api.get('/v1/health', { headers: { traceparent: 'not-a-traceparent' } });
      expect(res.status).toBe(200);
      expect(parseTraceparent(res.headers.get('traceparent'))).toBeDefined();
    });
  });

  describe('x-request-id', () => {
    it('is on every response, successful or not', async () => {
      const responses = await Promise.all([
        api.get('/v1/health'),
        api.get('/v1/no-such-route'),
        api.post('/v1/auth/signup', { rawBody: '{"email": ' }),
      ]);
      expect(responses.map((r) => r.status)).toEqual([200, 404, 400]);
      for (const res of responses) expect(res.headers.get('x-request-id')).toMatch(/^\S{8,128}$/);
      expect(new Set(responses.map((r) => r.headers.get('x-request-id'))).size).toBe(3);
    });

    it('echoes a valid incoming request id', async () => {
      const id = `e2e-${hex(6)}`;
      expect((await api.get('/v1/health', { headers: { 'x-request-id': id } })).headers.get('x-request-id')).toBe(id);
      expect((await api.get('/v1/no-such-route', { headers: { 'x-request-id': id } })).headers.get('x-request-id')).toBe(id);
    });

    it('replaces an invalid incoming request id with its own', async () => {
      const res = await api.get('/v1/health', { headers: { 'x-request-id': 'has spaces; and <html>' } });
      const id = res.headers.get('x-request-id');
      expect(id).toBeTruthy();
      expect(id).not.toContain(' ');
    });
  });

  describe('errors as application/problem+json', () => {
    it('answers an unknown route with 404 whose traceId is the trace of the response', async () => {
      const traceId = hex(16);
      const res = await api.get('/v1/no-such-route', { headers: { traceparent: `00-${traceId}-${hex(8)}-01` } });

      const problem = expectProblem(res, 404);
      expect(problem.traceId).toBe(traceId);
      expect(parseTraceparent(res.headers.get('traceparent'))!.traceId).toBe(traceId);
    });

    it('gives an unknown route a traceId matching the response traceparent when no trace came in', async () => {
      const res = await api.request('DELETE', '/v2/anything');
      const problem = expectProblem(res, 404);
      expect(problem.traceId).toBe(parseTraceparent(res.headers.get('traceparent'))!.traceId);
    });

    it('answers malformed JSON on a POST with 400', async () => {
      const res = await api.post('/v1/auth/signup', { rawBody: '{"email": "a@example.com", ' });
      const problem = expectProblem(res, 400);
      expect(JSON.stringify(problem)).not.toMatch(/at \S+ \(|node_modules/); // no stack traces
    });
  });
});
