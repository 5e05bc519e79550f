import type { RunningService } from '#libs/service-defaults';
import { bootService, eventually, type ServiceUnderTest } from '#libs/testing';
import { gatewayApp } from './gateway.app.js';

const local = (url: string) => url.replace('://0.0.0.0:', '://127.0.0.1:');

/** Probes and Prometheus scraping are operational: on their own port, never on the public API's. */
describe('gateway operations port', () => {
  let sut: ServiceUnderTest;
  let gateway: RunningService;

  beforeAll(async () => {
    sut = await bootService(gatewayApp);
    gateway = sut.service;
  }, 60_000);
  afterAll(async () => {
    await sut?.close();
  });

  it('counts knowing every session revocation as part of being ready', async () => {
    // The provisioned IDENTITY stream is there from the start: the revocation feed opens and
    // catches up, and only then does readiness answer 200 with that check up.
    const ops = local(gateway.opsUrl!);
    await eventually(async () => (await fetch(`${ops}/health/ready`)).status === 200, 10_000);
    expect(await (await fetch(`${ops}/health/ready`)).json()).toMatchObject({ checks: { nats: 'up', 'session-revocations': 'up' } });
  });

  it('serves /health/live, /health/ready and /metrics on GATEWAY_OPS_PORT', async () => {
    expect(gateway.opsUrl).toBeDefined();
    const ops = local(gateway.opsUrl!);
    expect(new URL(ops).port).not.toBe(new URL(local(gateway.url)).port);
    await fetch(`${local(gateway.url)}/v1/me`);
    const [live, ready, metrics] = await Promise.all(['/health/live', '/health/ready', '/metrics'].map((p) => fetch(`${ops}${p}`)));
    expect(live.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(await metrics.text()).toContain('route="/v1/me"');
  });

  it('answers 404 for them on the public port', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      const res = await fetch(`${local(gateway.url)}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
