import { InflightRequests } from './inflight.js';

describe('InflightRequests', () => {
  it('is idle at once when nothing runs', async () => {
    await expect(new InflightRequests().idle(10)).resolves.toBe(true);
  });

  it('waits for the last request to end', async () => {
    const inflight = new InflightRequests();
    inflight.begin();
    inflight.begin();
    const idle = inflight.idle(1_000);
    inflight.end();
    expect(inflight.size).toBe(1);
    setTimeout(() => inflight.end(), 20);
    await expect(idle).resolves.toBe(true);
  });

  it('gives up after the timeout', async () => {
    const inflight = new InflightRequests();
    inflight.begin();
    await expect(inflight.idle(20)).resolves.toBe(false);
  });
});
