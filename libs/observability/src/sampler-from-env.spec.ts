import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { samplerFromEnv } from './sampler-from-env.js';

/** How many of `n` root spans (random trace ids) the sampler records. */
function sampledRoots(env: NodeJS.ProcessEnv, n = 2_000): number {
  const sampler = samplerFromEnv(env)!;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const traceId = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
    if (sampler.shouldSample(ROOT_CONTEXT, traceId, 'span', SpanKind.SERVER, {}, []).decision === SamplingDecision.RECORD_AND_SAMPLED) kept++;
  }
  return kept;
}

describe('samplerFromEnv', () => {
  it('leaves the default in place when unset', () => {
    expect(samplerFromEnv({})).toBeUndefined();
  });

  it('samples every, none or about the given share of root spans', () => {
    expect(sampledRoots({ OTEL_TRACES_SAMPLER: 'always_on' })).toBe(2_000);
    expect(sampledRoots({ OTEL_TRACES_SAMPLER: 'always_off' })).toBe(0);
    const share = sampledRoots({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }) / 2_000;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.32);
  });

  it('follows a sampled parent whatever the ratio when parent-based', () => {
    const sampler = samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' })!;
    const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED, isRemote: true });
    expect(sampler.shouldSample(parent, 'a'.repeat(32), 'span', SpanKind.SERVER, {}, []).decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(sampledRoots({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' })).toBe(0);
  });

  it('refuses an unknown sampler or a ratio out of range instead of ignoring it', () => {
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/not one of/);
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/between 0 and 1/);
  });
});
