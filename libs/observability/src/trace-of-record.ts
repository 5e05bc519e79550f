import { AsyncLocalStorage } from 'node:async_hooks';
import { currentTraceId } from './nats-propagation.js';

const storage = new AsyncLocalStorage<string>();
const TRACE_ID = /^[0-9a-f]{32}$/;

/**
 * The trace a request's records (audit entries) name. The gateway continues a client's
 * `traceparent` for telemetry, but that trace id is the client's claim; so it names, with
 * every call, a trace it started itself, and services record that one. Inside a handler the
 * value travels on to further calls.
 */
export function runWithTraceOfRecord<T>(raw: string | undefined, fn: () => T): T {
  return raw && TRACE_ID.test(raw) ? storage.run(raw, fn) : fn();
}

/** The trace of record named by the caller, if any (forwarded as is on further calls). */
export function forwardedTraceOfRecord(): string | undefined {
  return storage.getStore();
}

/** What a record should name: the caller's trace of record, else the trace this process runs in. */
export function traceOfRecord(): string | undefined {
  return storage.getStore() ?? currentTraceId();
}
