import { pino, type DestinationStream, type Logger } from 'pino';
import { trace } from '@opentelemetry/api';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, wherever they sit in the object. */
const REDACT = [
  'password',
  '*.password',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  '*.*.password',
  '*.*.accessToken',
  '*.*.refreshToken',
  'token',
  '*.token',
  'key',
  '*.key',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
];

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    // Every line written inside a traced operation carries its ids, so logs join traces.
    mixin() {
      const ctx = trace.getActiveSpan()?.spanContext();
      return ctx && ctx.traceId !== '00000000000000000000000000000000'
        ? { trace_id: ctx.traceId, span_id: ctx.spanId }
        : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
