export * from './nats-propagation.js';
export * from './telemetry.js';
export * from './logger.js';
export * from './nest-logger.js';
export * from './metrics.js';
export * from './trace-of-record.js';
export * from './scraped-gauges.js';
