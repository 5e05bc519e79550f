import { AppError, remoteErrorSchema } from './problem.js';
import { rateLimitedError } from './identity/identity.schemas.js';

describe('typed errors across the bus', () => {
  it('carry the wait of a rate limit as a field, not in prose', () => {
    const remote = rateLimitedError(2.2).toRemote();
    expect(remote).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 3 });
    expect(remoteErrorSchema.parse(remote)).toEqual(remote);
    const back = AppError.fromRemote({ ...remote, detail: 'reworded by a newer service' });
    expect(back.retryAfterSeconds).toBe(3);
    expect(back.status).toBe(429);
  });

  it('leave it out when there is no wait', () => {
    expect(new AppError('conflict', 'Conflict').toRemote()).not.toHaveProperty('retryAfterSeconds');
    expect(AppError.fromRemote({ code: 'conflict', title: 'Conflict' }).retryAfterSeconds).toBeUndefined();
  });
});
