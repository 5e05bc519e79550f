import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { pino } from 'pino';
import { createLogger } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());

  it('stamps lines written inside a span with its trace and span ids', () => {
    const { lines, stream } = capture();
    const logger = createLogger('roster', 'info', stream);
    const span = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ service: 'roster', msg: 'inside', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('never writes secrets', () => {
    const { lines, stream } = capture();
    const logger = createLogger('identity', 'info', stream);
    logger.info({ body: { password: 'hunter2', refreshToken: 'r1' }, accessToken: 'a1' }, 'login');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/hunter2|"r1"|"a1"/);
    expect(pino.levels.values.info).toBe(30);
  });
});
