import { summarize } from './system-health.js';

describe('summarize', () => {
  it('is up only when every service is up', () => {
    expect(summarize([{ name: 'roster', status: 'up', latencyMs: 1 }]).status).toBe('up');
    expect(
      summarize([
        { name: 'roster', status: 'up', latencyMs: 1 },
        { name: 'metrics', status: 'down', latencyMs: 1000, error: 'timeout' },
      ]).status,
    ).toBe('down');
  });
});
