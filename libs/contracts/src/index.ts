export * from './services.js';
export * from './problem.js';
export * from './principal.js';
export * from './contract.js';
export * from './validate.js';
export * from './registry.js';
export * from './health/health.contract.js';
export * from './identity/index.js';
