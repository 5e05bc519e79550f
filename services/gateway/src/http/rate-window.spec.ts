import { AppError } from '#libs/contracts';
import { RateWindow } from './rate-window.js';

describe('RateWindow', () => {
  it('lets `max` hits per key through in a window, then answers 429 with the wait, and opens again when the window ends', () => {
    let now = 1_000_000;
    const limiter = new RateWindow(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) limiter.hit('198.51.100.7');
    let refused: AppError | undefined;
    try {
      limiter.hit('198.51.100.7');
    } catch (err) {
      refused = err as AppError;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.retryAfterSeconds).toBe(60);
    // Another address has its own window.
    expect(() => limiter.hit('203.0.113.9')).not.toThrow();
    now += 60_000;
    expect(() => limiter.hit('198.51.100.7')).not.toThrow();
  });

  it('tracks at most maxKeys addresses, dropping ended windows first', () => {
    let now = 0;
    const limiter = new RateWindow(1, 1_000, () => now, 2);
    limiter.hit('a');
    limiter.hit('b');
    now = 1_000;
    limiter.hit('c');
    // 'a' ended and was dropped, so it starts a fresh window.
    expect(() => limiter.hit('a')).not.toThrow();
  });
});
