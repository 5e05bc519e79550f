import { ConnectionException, DeadlockException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { jserrors } from '@nats-io/jetstream/internal';
import { NoRespondersError, RequestError } from '@nats-io/transport-node';
import { AppError } from '#libs/contracts';
import { InvalidEventError } from '../events/envelope.js';
import { classifyFailure, UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableError } from './failure-kind.js';

const withCode = (message: string, code: string | number) => Object.assign(new Error(message), { code });
/** What @nats-io/jetstream throws for a publish (a KV put) that no server answers, as while every NATS server restarts. */
const jetStreamNobodyAnswered = () =>
  new jserrors.JetStreamNotEnabled('jetstream is not enabled', { cause: new RequestError("no responders: '$KV.b.k'", { cause: new NoRespondersError('$KV.b.k') }) });

describe('classifyFailure', () => {
  it.each([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['connection reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['socket timeout', withCode('connect ETIMEDOUT', 'ETIMEDOUT')],
    ['pg admin shutdown (failover)', withCode('terminating connection due to administrator command', '57P01')],
    ['pg connection exception class 08', withCode('connection failure', '08006')],
    ['pg cannot connect now', withCode('the database system is starting up', '57P03')],
    ['pg standby during failover', withCode('cannot execute INSERT in a read-only transaction', '25006')],
    ['pg serialization failure', withCode('could not serialize access', '40001')],
    ['pg pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['pg connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['MikroORM connection exception', new ConnectionException(withCode('connect ECONNREFUSED', 'ECONNREFUSED'))],
    ['MikroORM deadlock', new DeadlockException(withCode('deadlock detected', '40P01'))],
    ['NATS timeout', Object.assign(new Error('timeout'), { name: 'TimeoutError' })],
    ['NATS closed connection', Object.assign(new Error('closed connection'), { name: 'ClosedConnectionError' })],
    ['NATS no responders', withCode('503', 503)],
    ['NATS no responders (the client class)', new NoRespondersError('identity.grants.check.v1')],
    ['a JetStream publish no server answered', jetStreamNobodyAnswered()],
    ['the same without its cause', new jserrors.JetStreamNotEnabled('jetstream is not enabled')],
    ['a downstream service away', new AppError('unavailable', 'Service unavailable', 'metrics is not answering')],
    ['a downstream service too slow', new AppError('timeout', 'Service timed out', 'metrics did not answer in time')],
    ['a wrapped cause', new Error('handler failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') })],
    ['one of several', new AggregateError([new Error('x'), withCode('refused', 'ECONNREFUSED')])],
  ])('%s is infrastructure', (_name, err) => {
    expect(classifyFailure(err)).toBe('infrastructure');
  });

  it.each([
    ['a broken invariant', new AppError('conflict', 'Conflict', 'offer already accepted')],
    ['a validation failure', new AppError('validation', 'Invalid', 'bad field')],
    ['not found', new AppError('not_found', 'Not found', 'no such creator')],
    ['a contract violation', new InvalidEventError('x.evt.y.z.v1', [{ path: 'payload.id', message: 'Required' }])],
    ['a unique violation', new UniqueConstraintViolationException(withCode('duplicate key value', '23505'))],
    ['a bug in the handler', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a non-error', 'boom'],
  ])('%s is a rejection', (_name, err) => {
    expect(classifyFailure(err)).toBe('rejected');
  });

  it('lets a typed domain error decide over a connection error deeper in its causes', () => {
    const err = Object.assign(new AppError('unprocessable', 'Unprocessable', 'rate card closed'), {
      cause: withCode('read ECONNRESET', 'ECONNRESET'),
    });
    expect(classifyFailure(err)).toBe('rejected');
  });

  it('survives a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyFailure(a)).toBe('rejected');
  });
});

describe('unavailableError (what a request handler answers when a dependency is away)', () => {
  it('turns a database or bus outage into a 503 the caller may retry after a few seconds', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = Object.assign(new Error('read ECONNRESET'), { name: 'DriverException', code: 'ECONNRESET' });
    for (const err of [refused, wrapped, new Error('driver failed', { cause: { code: '57P01' } }), jetStreamNobodyAnswered()]) {
      const answer = unavailableError(err);
      expect(answer).toBeInstanceOf(AppError);
      expect(answer).toMatchObject({ code: 'unavailable', status: 503, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS });
      expect(answer!.detail).not.toMatch(/ECONN|5432|57P01/);
    }
  });

  it('leaves a bug and a typed domain error to their own answers', () => {
    expect(unavailableError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeUndefined();
    expect(unavailableError(new AppError('conflict', 'Taken'))).toBeUndefined();
  });
});
