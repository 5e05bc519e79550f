import 'reflect-metadata';
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

// What the OpenTelemetry SDK registers in a running service: W3C propagation and an async
// context manager. Tests that boot services in-process then carry trace context like
// production does; tests that need recorded spans add their own provider.
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
