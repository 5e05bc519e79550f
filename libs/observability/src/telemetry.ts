import { register } from 'node:module';
import { register as registerInThread, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, getBooleanFromEnv, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { BatchSpanProcessor, NoopSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { samplerFromEnv } from './sampler-from-env.js';
import {
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';

export interface Telemetry {
  /**
   * Where ESM imports are intercepted: `in-thread` (synchronous `module.registerHooks`) or
   * `loader-thread` (`module.register`, on a thread with its own V8 isolate and heap).
   */
  readonly hooks: 'in-thread' | 'loader-thread';
  shutdown(): Promise<void>;
}

/** Only the modules we instrument go through the hook; wrapping every ESM module costs start-up time and fails on some. */
const HOOKED_MODULES = ['pg', 'pg-pool', 'undici', 'http', 'https', 'node:http', 'node:https'];

/**
 * Intercepts ESM imports of HOOKED_MODULES for the instrumentations. In-thread where Node's
 * synchronous hooks can run import-in-the-middle: the off-thread loader costs every process a
 * second V8 isolate (65–90 MB resident) for its whole life. `@opentelemetry/instrumentation`
 * subscribes through `Hook` from the same import-in-the-middle package, which the in-thread
 * loader reads directly.
 */
function hookImports(): Telemetry['hooks'] {
  if (supportsSyncHooks()) {
    registerInThread({ include: HOOKED_MODULES });
    return 'in-thread';
  }
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: HOOKED_MODULES } });
  return 'loader-thread';
}

/** Paths probed every few seconds: tracing them would bury real requests. */
const UNTRACED_PATHS = ['/health/live', '/health/ready', '/metrics'];

/**
 * Starts OpenTelemetry before any instrumented module is imported. ESM imports are only
 * patchable through import-in-the-middle's module hooks, so `main.ts` must call this
 * first and import the application afterwards (dynamic import).
 *
 * Tracing is set up from its parts (as `NodeSDK` does for traces: instrumentations, async-local
 * context, W3C trace context and baggage, detected resource) rather than through `NodeSDK`: that
 * one also loads every OTLP exporter it could build from the environment (gRPC and protobuf
 * included), its file configuration (with a YAML parser) and the logs and metrics SDKs, and starts
 * an OTLP logs exporter nothing writes to, which every process held in memory for its whole life.
 */
export function startTelemetry(serviceName: string, opts: { spanProcessors?: SpanProcessor[] } = {}): Telemetry {
  const hooks = hookImports();
  if (getBooleanFromEnv('OTEL_SDK_DISABLED')) return { hooks, shutdown: async () => {} };
  const processors: SpanProcessor[] = [...(opts.spanProcessors ?? [])];
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
  }
  // A registered provider is needed even when nothing is exported: trace ids still go
  // into logs, problem details and `traceparent` response headers.
  if (processors.length === 0) processors.push(new NoopSpanProcessor());

  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.some((p) => req.url?.startsWith(p)),
      }),
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      new UndiciInstrumentation(),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  // Detected attributes (OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME among them) win over these, as they did under NodeSDK.
  const resource = resourceFromAttributes({
    'service.name': process.env.OTEL_SERVICE_NAME ?? serviceName,
    'service.namespace': 'talent-portal',
    'service.version': process.env.npm_package_version ?? '0.1.0',
  }).merge(detectResources({ detectors: [serviceInstanceIdDetector, processDetector, hostDetector, osDetector, envDetector] }));
  const sampler = samplerFromEnv();
  const provider = new TracerProvider({ resource, spanProcessors: processors, ...(sampler ? { sampler } : {}) });
  trace.setGlobalTracerProvider(provider);
  return { hooks, shutdown: () => provider.shutdown() };
}
