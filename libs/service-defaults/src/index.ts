export * from './tokens.js';
export * from './config/config.js';
export * from './rpc/rpc-handler.decorator.js';
export * from './rpc/rpc-contract.interceptor.js';
export * from './health/readiness.js';
export * from './bootstrap.js';
export * from './rpc/payload.js';
export * from './persistence/unit-of-work.js';
