// deploy/otel/collector.yaml: OTLP in over gRPC and HTTP, batched, exported to Jaeger over OTLP.
import { loadYaml } from './helpers.js';

const config = loadYaml('deploy/otel/collector.yaml');
const kinds = ['receivers', 'processors', 'exporters'] as const;

describe('deploy/otel/collector.yaml', () => {
  it('receives OTLP over gRPC (4317) and HTTP (4318) on every interface', () => {
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(config.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
  });

  it('has a traces pipeline that batches and exports to Jaeger over OTLP', () => {
    const traces = config.service.pipelines.traces;
    expect(traces.receivers).toContain('otlp');
    expect(traces.processors).toContain('batch');
    expect(traces.processors.at(-1)).toBe('batch');
    const exporter = traces.exporters.find((e: string) => /^otlp(_grpc)?\/jaeger$/.test(e));
    expect(exporter).toBeDefined();
    expect(config.exporters[exporter].endpoint).toMatch(/jaeger:4317/);
  });

  it('defines every component a pipeline or the service uses', () => {
    for (const [pipeline, spec] of Object.entries<any>(config.service.pipelines)) {
      for (const kind of kinds) {
        for (const id of spec[kind] ?? []) expect([pipeline, kind, id, id in (config[kind] ?? {})]).toEqual([pipeline, kind, id, true]);
      }
    }
    for (const id of config.service.extensions ?? []) expect([id, id in (config.extensions ?? {})]).toEqual([id, true]);
  });

  it('declares no component that nothing uses', () => {
    const used = new Set<string>(
      Object.values<any>(config.service.pipelines).flatMap((p) => kinds.flatMap((k) => p[k] ?? [])),
    );
    for (const kind of kinds) for (const id of Object.keys(config[kind] ?? {})) expect([kind, id, used.has(id)]).toEqual([kind, id, true]);
  });
});
